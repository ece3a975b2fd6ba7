{#
    Bookings broken down (SPEC §3): one row per close month, owner rep, dimension and
    value of the dimension, for the won deals closed on or before the as-of date.
    Within one dimension the values add up to the total bookings of the month and rep
    (assert_bookings_breakdown_reconciles), so any slice re-aggregates by summing rows
    of ONE dimension (never sum across dimensions). Dimensions:
      lead_source, channel,      fct_opportunities
      opportunity_type
      region, segment, industry  the deal's account (`unknown` for orphans)
      territory                  the region of the owner's team (dim_reps)
      customer_type              new / existing customer (is_new_customer), unknown
      product, product_family    line items, the amount spread over them
                                 (int_bookings_allocated_to_line_items; `unallocated`
                                 for deals without line items)
      product_launch             launched_last_12_months (before the close date),
                                 launched_earlier, launched_after_close, unknown,
                                 unallocated
    deals_won counts the deals with bookings in the value: additive across values
    except for the product dimensions, where a deal with several products counts once
    per product.
#}
with

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

allocated as (
    select * from {{ ref('int_bookings_allocated_to_line_items') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

as_of as (
    select {{ as_of_date() }} as as_of_date
),

won_deals as (
    select
        opportunities.opportunity_id,
        cast({{ dbt.date_trunc('month', 'opportunities.close_date') }} as date)
            as close_month,
        opportunities.owner_rep_id,
        opportunities.team_id,
        opportunities.amount,
        opportunities.lead_source,
        opportunities.channel,
        opportunities.opportunity_type,
        opportunities.region,
        opportunities.segment,
        coalesce(accounts.industry, 'unknown') as industry,
        coalesce(reps.region, 'unknown') as territory,
        case
            when opportunities.is_new_customer then 'new'
            when not opportunities.is_new_customer then 'existing'
            else 'unknown'
        end as customer_type
    from opportunities
    cross join as_of
    left join accounts
        on opportunities.account_id = accounts.account_id
    left join reps
        on opportunities.owner_rep_id = reps.rep_id
    where opportunities.is_won and opportunities.close_date <= as_of.as_of_date
),

allocated_lines as (
    select
        opportunity_id,
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as close_month,
        owner_rep_id,
        team_id,
        product_id,
        product_family,
        product_launch_bucket,
        allocated_bookings
    from allocated
),

{%- set deal_dimensions = [
    'lead_source', 'channel', 'opportunity_type', 'region', 'segment', 'industry',
    'territory', 'customer_type',
] %}
{%- set product_dimensions = [
    ('product', 'product_id'), ('product_family', 'product_family'),
    ('product_launch', 'product_launch_bucket'),
] %}

breakdown as (
    {%- for dimension in deal_dimensions %}
    select
        close_month,
        owner_rep_id,
        team_id,
        '{{ dimension }}' as dimension,
        coalesce({{ dimension }}, 'unknown') as dimension_value,
        sum(amount) as bookings,
        count(*) as deals_won
    from won_deals
    group by 1, 2, 3, 4, 5
    union all
    {%- endfor %}
    {%- for dimension, column in product_dimensions %}
    select
        close_month,
        owner_rep_id,
        team_id,
        '{{ dimension }}' as dimension,
        coalesce({{ column }}, 'unknown') as dimension_value,
        sum(allocated_bookings) as bookings,
        count(distinct opportunity_id) as deals_won
    from allocated_lines
    group by 1, 2, 3, 4, 5
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        cast(close_month as date) as close_month,
        cast(owner_rep_id as {{ dbt.type_string() }}) as owner_rep_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(bookings as {{ money_type() }}) as bookings,
        cast(deals_won as integer) as deals_won
    from breakdown
)

select * from final
