{{ staged_rows(ref('base_goals__sales_goals')) }}
