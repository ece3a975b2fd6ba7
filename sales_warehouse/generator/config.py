"""Constants of the demo raw-data generator: vocabularies, volumes and the rates of every
injected real-world problem (SPEC §2 rules 1-7). Everything tunable lives here.

Injected problems and their rates
=================================

========================================  =========  ==========================================
constant                                  value      meaning
========================================  =========  ==========================================
``DUPLICATE_VERSION_RATE``                0.02       share of records of tables with
                                                     ``updated_at`` that get 1-2 older versions
                                                     (earlier ``updated_at``, a field differs)
``THIRD_VERSION_SHARE``                   0.30       share of those records with 2 older
                                                     versions (3 rows in all)
``EXACT_REDELIVERY_RATE_VERSIONED``       0.005      records of tables with ``updated_at``
                                                     delivered again unchanged (same
                                                     ``updated_at``, later ``_loaded_at``)
``REDELIVERY_RATE_UNVERSIONED``           0.01       rows of tables without ``updated_at``
                                                     delivered twice (same key, later
                                                     ``_loaded_at``)
``SOFT_DELETE_RATE``                      0.01       accounts, contacts, leads, opportunities,
                                                     line items whose latest version has
                                                     ``is_deleted = true``
``MESSY_CATEGORICAL_RATE``                0.05       categorical values in another case and/or
                                                     with surrounding spaces
``OUT_OF_VOCABULARY_RATE``                0.001      categorical values outside the vocabulary
                                                     (staging maps them to ``other``)
``MESSY_CONTACT_INFO_RATE``               0.05       e-mail addresses in mixed case / phone
                                                     numbers with spaces, dashes, brackets
``CHF_OPPORTUNITY_RATE``                  0.003      opportunities (+ history, line items) in
                                                     CHF, a currency the FX seed lacks (every
                                                     1/rate-th deal; small scales get >= 3)
``LOCAL_CURRENCY_SHARE``                  0.70       non-US accounts that deal in their own
                                                     currency (the rest in USD)
``ORPHAN_USER_ACTIVITY_RATE``             0.005      calls, SMS, e-mails whose ``user_id`` is
                                                     not in ``crm_users``
``ORPHAN_ACCOUNT_OPPORTUNITY_RATE``       0.005      opportunities whose ``account_id`` is not
                                                     in ``crm_accounts``
``ORPHAN_MEETING_REF_RATE``               0.0005     meetings per referenced column (contact,
                                                     lead, opportunity) pointing nowhere; at
                                                     least ``ORPHAN_MIN_ROWS``
``ORPHAN_HISTORY_RATE``                   0.0005     extra stage-history rows for an unknown
                                                     opportunity; at least ``ORPHAN_MIN_ROWS``
``ORPHAN_EVENT_RATE``                     0.0002     extra e-mail events for an unknown
                                                     message; at least ``ORPHAN_MIN_ROWS``
``EVENT_BEFORE_MESSAGE_MESSAGE_RATE``     0.024      messages loaded 12-72 h late, so that about
                                                     2 % of events are loaded before their
                                                     message (measured share in the manifest)
``LATE_EVENT_RATE``                       0.01       e-mail events loaded 2-10 days late
``LATE_CALL_RATE``                        0.005      calls loaded 1-5 days late
``BAD_ROW_RATE``                          0.00001    bad rows per rule and table (SPEC rule 7),
                                                     at least ``BAD_ROW_MIN`` per rule, table
``BAD_ROW_MIN``                           3          minimum bad rows per (table, rule, column)
``LINE_ITEM_DRIFT_RATE``                  0.03       won deals whose line items do not sum to
                                                     the opportunity amount
``UNKNOWN_COUNTERPART_RATE``              0.08       prospecting calls, SMS, e-mails to numbers
                                                     and addresses unknown to the CRM
``GOAL_REVISION_RATE``                    0.03       goals re-issued mid-period with another
                                                     target (a second, later version)
========================================  =========  ==========================================

Bad rows are always *extra* rows with a fresh key (or a null key): they never are a version
of a record that another injected problem relies on, so quarantining them loses nothing.
Late deliveries and re-deliveries are capped at the loader's final sync (end date + 2 h).
"""

from __future__ import annotations

GENERATOR_VERSION = 1

# --------------------------------------------------------------------------------------
# Injected problems (documented in the table above)
# --------------------------------------------------------------------------------------
DUPLICATE_VERSION_RATE = 0.02
THIRD_VERSION_SHARE = 0.30
EXACT_REDELIVERY_RATE_VERSIONED = 0.005
REDELIVERY_RATE_UNVERSIONED = 0.01
SOFT_DELETE_RATE = 0.01
MESSY_CATEGORICAL_RATE = 0.05
OUT_OF_VOCABULARY_RATE = 0.001
MESSY_CONTACT_INFO_RATE = 0.05
CHF_OPPORTUNITY_RATE = 0.003
LOCAL_CURRENCY_SHARE = 0.70
ORPHAN_USER_ACTIVITY_RATE = 0.005
ORPHAN_ACCOUNT_OPPORTUNITY_RATE = 0.005
ORPHAN_MEETING_REF_RATE = 0.0005
ORPHAN_HISTORY_RATE = 0.0005
ORPHAN_EVENT_RATE = 0.0002
ORPHAN_MIN_ROWS = 3
EVENT_BEFORE_MESSAGE_MESSAGE_RATE = 0.024
LATE_EVENT_RATE = 0.01
LATE_CALL_RATE = 0.005
BAD_ROW_RATE = 0.00001
BAD_ROW_MIN = 3
LINE_ITEM_DRIFT_RATE = 0.03
UNKNOWN_COUNTERPART_RATE = 0.08
GOAL_REVISION_RATE = 0.03

RATES = {
    "duplicate_version_rate": DUPLICATE_VERSION_RATE,
    "third_version_share": THIRD_VERSION_SHARE,
    "exact_redelivery_rate_versioned": EXACT_REDELIVERY_RATE_VERSIONED,
    "redelivery_rate_unversioned": REDELIVERY_RATE_UNVERSIONED,
    "soft_delete_rate": SOFT_DELETE_RATE,
    "messy_categorical_rate": MESSY_CATEGORICAL_RATE,
    "out_of_vocabulary_rate": OUT_OF_VOCABULARY_RATE,
    "messy_contact_info_rate": MESSY_CONTACT_INFO_RATE,
    "chf_opportunity_rate": CHF_OPPORTUNITY_RATE,
    "local_currency_share": LOCAL_CURRENCY_SHARE,
    "orphan_user_activity_rate": ORPHAN_USER_ACTIVITY_RATE,
    "orphan_account_opportunity_rate": ORPHAN_ACCOUNT_OPPORTUNITY_RATE,
    "orphan_meeting_ref_rate": ORPHAN_MEETING_REF_RATE,
    "orphan_history_rate": ORPHAN_HISTORY_RATE,
    "orphan_event_rate": ORPHAN_EVENT_RATE,
    "orphan_min_rows": ORPHAN_MIN_ROWS,
    "event_before_message_message_rate": EVENT_BEFORE_MESSAGE_MESSAGE_RATE,
    "late_event_rate": LATE_EVENT_RATE,
    "late_call_rate": LATE_CALL_RATE,
    "bad_row_rate": BAD_ROW_RATE,
    "bad_row_min": BAD_ROW_MIN,
    "line_item_drift_rate": LINE_ITEM_DRIFT_RATE,
    "unknown_counterpart_rate": UNKNOWN_COUNTERPART_RATE,
    "goal_revision_rate": GOAL_REVISION_RATE,
}

# --------------------------------------------------------------------------------------
# Volumes at scale 1 (scale multiplies teams, reps, accounts, leads; activity follows reps)
# --------------------------------------------------------------------------------------
TEAMS_PER_SCALE = 6
LEADS_PER_SCALE = 12_000
PRE_ACCOUNTS_PER_SCALE = 550  # accounts that exist before any lead converts
AE_SOURCED_OPPS_PER_SCALE = 950  # new-business opportunities sourced by AEs
NPS_RESPONSES_PER_SCALE = 3_000
ANONYMOUS_SESSIONS_PER_SCALE = 42_000
UNKNOWN_PHONE_POOL_PER_SCALE = 30_000
UNKNOWN_EMAIL_POOL_PER_SCALE = 30_000

# Per rep and working day (before the rep's activity factor and seasonality)
DAILY_RATES = {
    # kind: {role: mean per working day}
    "prospect_calls": {"sdr": 17.5, "ae": 2.0},
    "inbound_calls": {"sdr": 0.9, "ae": 1.1},
    "prospect_emails": {"sdr": 6.8, "ae": 0.0},
    "one_to_one_emails": {"sdr": 0.0, "ae": 2.2},
    "sms": {"sdr": 1.6, "ae": 0.8},
    "checkin_meetings": {"sdr": 0.0, "ae": 0.5},
}

# --------------------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------------------
REGIONS = ["north_america", "emea", "apac", "latam"]
REGION_LABELS = {
    "north_america": "North America",
    "emea": "EMEA",
    "apac": "APAC",
    "latam": "LATAM",
}
REGION_TEAM_WEIGHTS = [0.35, 0.30, 0.20, 0.15]
TEAM_NAMES = [
    "Alpha",
    "Bravo",
    "Charlie",
    "Delta",
    "Echo",
    "Foxtrot",
    "Golf",
    "Hotel",
    "India",
    "Juliett",
    "Kilo",
    "Lima",
    "Mike",
    "November",
    "Oscar",
    "Papa",
    "Quebec",
    "Romeo",
    "Sierra",
    "Tango",
    "Uniform",
    "Victor",
    "Whiskey",
    "Xray",
    "Yankee",
    "Zulu",
]

REP_TIME_ZONES = {
    "north_america": ["America/New_York", "America/Chicago", "America/Los_Angeles"],
    "emea": ["Europe/London", "Europe/Berlin", "Europe/Paris"],
    "apac": ["Australia/Sydney", "Asia/Singapore", "Asia/Tokyo"],
    "latam": ["America/Sao_Paulo", "America/Mexico_City"],
}

# country, region, currency, weight within region, prospect time zones, phone prefix,
# national digits after the prefix, top-level domain, legal suffixes
COUNTRIES = [
    (
        "US",
        "north_america",
        "USD",
        0.85,
        [
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
        ],
        ["+1212", "+1312", "+1415", "+1617", "+1206", "+1512", "+1303", "+1404"],
        7,
        "com",
        ["Inc", "LLC", "Corp"],
    ),
    (
        "CA",
        "north_america",
        "CAD",
        0.15,
        ["America/Toronto", "America/Vancouver"],
        ["+1416", "+1604", "+1514"],
        7,
        "ca",
        ["Inc", "Ltd"],
    ),
    (
        "GB",
        "emea",
        "GBP",
        0.35,
        ["Europe/London"],
        ["+44207", "+44161"],
        7,
        "co.uk",
        ["Ltd", "plc"],
    ),
    (
        "DE",
        "emea",
        "EUR",
        0.30,
        ["Europe/Berlin"],
        ["+4930", "+4989"],
        8,
        "de",
        ["GmbH", "AG"],
    ),
    (
        "FR",
        "emea",
        "EUR",
        0.20,
        ["Europe/Paris"],
        ["+331", "+334"],
        8,
        "fr",
        ["SA", "SAS"],
    ),
    (
        "NL",
        "emea",
        "EUR",
        0.15,
        ["Europe/Amsterdam"],
        ["+3120", "+3110"],
        7,
        "nl",
        ["BV"],
    ),
    (
        "AU",
        "apac",
        "AUD",
        0.50,
        ["Australia/Sydney", "Australia/Melbourne", "Australia/Perth"],
        ["+612", "+613"],
        8,
        "com.au",
        ["Pty Ltd"],
    ),
    ("SG", "apac", "SGD", 0.25, ["Asia/Singapore"], ["+656"], 7, "sg", ["Pte Ltd"]),
    ("JP", "apac", "JPY", 0.25, ["Asia/Tokyo"], ["+813", "+816"], 8, "co.jp", ["KK"]),
    (
        "BR",
        "latam",
        "BRL",
        0.60,
        ["America/Sao_Paulo"],
        ["+5511", "+5521"],
        8,
        "com.br",
        ["Ltda", "SA"],
    ),
    (
        "MX",
        "latam",
        "MXN",
        0.40,
        ["America/Mexico_City"],
        ["+5255", "+5281"],
        8,
        "com.mx",
        ["SA de CV"],
    ),
]

# Units of currency per US dollar (approximate; the project's FX seed is the reference).
FX_PER_USD = {
    "USD": 1.0,
    "CAD": 1.36,
    "GBP": 0.79,
    "EUR": 0.92,
    "AUD": 1.52,
    "SGD": 1.34,
    "JPY": 150.0,
    "BRL": 5.2,
    "MXN": 17.5,
    "CHF": 0.88,
}
CURRENCIES = list(FX_PER_USD)

# --------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------
ROLES = ["sdr", "ae", "manager", "other"]
SEGMENTS = ["smb", "mid_market", "enterprise"]
SEGMENT_WEIGHTS = [0.55, 0.30, 0.15]
INDUSTRIES = [
    "technology",
    "healthcare",
    "financial_services",
    "manufacturing",
    "retail",
    "education",
    "media",
    "logistics",
]
INDUSTRY_WEIGHTS = [0.22, 0.12, 0.14, 0.14, 0.12, 0.08, 0.08, 0.10]

LEAD_SOURCES = [
    "Web",
    "Paid Search",
    "Organic Search",
    "Content Download",
    "Webinar",
    "Trade Show",
    "Referral",
    "Partner",
    "Cold Call",
    "Outbound Prospecting",
    "Email Campaign",
]
LEAD_SOURCE_WEIGHTS = [0.13, 0.10, 0.10, 0.08, 0.07, 0.05, 0.06, 0.07, 0.08, 0.16, 0.10]
CHANNELS = ["inbound", "event", "referral", "partner", "outbound"]
LEAD_SOURCE_CHANNEL = {
    "Web": "inbound",
    "Paid Search": "inbound",
    "Organic Search": "inbound",
    "Content Download": "inbound",
    "Webinar": "event",
    "Trade Show": "event",
    "Referral": "referral",
    "Partner": "partner",
    "Cold Call": "outbound",
    "Outbound Prospecting": "outbound",
    "Email Campaign": "outbound",
}

LEAD_STATUSES = [
    "new",
    "working",
    "mql",
    "sal",
    "sql",
    "nurturing",
    "disqualified",
    "converted",
]
DISQUALIFIED_REASONS = [
    "no budget",
    "not a fit",
    "no response",
    "competitor customer",
    "duplicate",
    "bad contact info",
    "no authority",
]
DISQUALIFIED_REASON_WEIGHTS = [0.22, 0.25, 0.25, 0.10, 0.06, 0.07, 0.05]

# funnel probabilities per channel: new->mql, mql->sal, sal->sql, sql->converted
FUNNEL_P = {
    "inbound": (0.50, 0.58, 0.50, 0.62),
    "event": (0.42, 0.50, 0.48, 0.58),
    "referral": (0.75, 0.72, 0.68, 0.74),
    "partner": (0.65, 0.62, 0.58, 0.68),
    "outbound": (0.24, 0.45, 0.45, 0.55),
}
# chance that a lead from a channel is enrolled in an e-mail sequence
SEQUENCE_ENROLL_P = {
    "inbound": 0.75,
    "event": 0.85,
    "referral": 0.35,
    "partner": 0.45,
    "outbound": 0.95,
}

STAGES = [
    "prospecting",
    "qualification",
    "discovery",
    "proposal",
    "negotiation",
    "closed_won",
    "closed_lost",
]
STAGE_PROBABILITY = [10, 20, 40, 60, 80, 100, 0]
STAGE_FORECAST = [
    "pipeline",
    "pipeline",
    "pipeline",
    "best_case",
    "commit",
    "closed",
    "omitted",
]
FORECAST_CATEGORIES = ["pipeline", "best_case", "commit", "closed", "omitted"]
OPPORTUNITY_TYPES = ["new_business", "expansion", "renewal"]
LOSS_REASONS = ["competitor", "price", "no_decision", "timing", "product_fit", "other"]
LOSS_REASON_WEIGHTS = [0.26, 0.20, 0.24, 0.14, 0.11, 0.05]
COMPETITORS = ["Globex", "Initech", "Umbrella Sales", "Hooli CRM", "Vandelay Systems"]
COMPETITOR_WEIGHTS = [0.30, 0.25, 0.20, 0.15, 0.10]
NEXT_STEPS = [
    "Send proposal",
    "Schedule demo",
    "Follow up with champion",
    "Security review",
    "Legal review",
    "Pricing call with CFO",
    "Intro to economic buyer",
    "Share case study",
    "Technical deep dive",
    "Await signature",
]

# Deal economics (USD)
SEGMENT_DEAL_MEDIAN_USD = [11_000.0, 42_000.0, 170_000.0]
TYPE_DEAL_FACTOR = {"new_business": 1.0, "expansion": 0.45, "renewal": 0.85}
TYPE_WIN_P = {"new_business": 0.30, "expansion": 0.52, "renewal": 0.80}
CHANNEL_WIN_FACTOR = {
    "inbound": 1.0,
    "event": 0.95,
    "referral": 1.35,
    "partner": 1.15,
    "outbound": 0.78,
}
SEGMENT_WIN_FACTOR = [1.08, 1.0, 0.82]
SEGMENT_CYCLE_MEDIAN_DAYS = [24.0, 52.0, 105.0]
TYPE_CYCLE_FACTOR = {"new_business": 1.0, "expansion": 0.7, "renewal": 0.55}
STUCK_RATE = 0.08

# Products: Maven CRM sample names/prices plus three launches inside the history
PRODUCTS = [
    # name, family, launched_at, list price USD, weight by segment (smb, mid, ent)
    ("GTX Basic", "GTX", "2019-03-01", 550.0, (0.30, 0.10, 0.02)),
    ("GTX Pro", "GTX", "2019-06-17", 4821.0, (0.10, 0.22, 0.12)),
    ("MG Special", "MG", "2019-09-02", 55.0, (0.32, 0.08, 0.02)),
    ("MG Advanced", "MG", "2020-02-03", 3393.0, (0.08, 0.22, 0.14)),
    ("GTX Plus Pro", "GTX", "2021-04-12", 5482.0, (0.04, 0.14, 0.22)),
    ("GTX Plus Basic", "GTX", "2021-01-18", 1096.0, (0.16, 0.14, 0.06)),
    ("GTK 500", "GTK", "2022-05-09", 26768.0, (0.0, 0.10, 0.42)),
    ("GTX Cloud", "GTX", "2026-03-01", 1800.0, (0.16, 0.14, 0.06)),
    ("MG Insight", "MG", "2025-12-01", 2400.0, (0.08, 0.14, 0.10)),
    ("GTK Edge", "GTK", "2026-06-15", 12500.0, (0.0, 0.10, 0.22)),
]
DISCOUNTS = [0.0, 0.05, 0.10, 0.15, 0.20, 0.25]
DISCOUNT_WEIGHTS_BY_SEGMENT = [
    [0.55, 0.20, 0.15, 0.07, 0.03, 0.0],
    [0.30, 0.20, 0.25, 0.15, 0.07, 0.03],
    [0.15, 0.15, 0.25, 0.20, 0.15, 0.10],
]

MEETING_TYPES = ["discovery", "demo", "negotiation", "other"]
MEETING_STATUSES = [
    "scheduled",
    "completed",
    "cancelled",
    "no_show",
    "declined",
    "rescheduled",
]
# past meetings: completed, cancelled, no_show, declined, rescheduled
MEETING_OUTCOME_WEIGHTS = [0.65, 0.10, 0.15, 0.04, 0.06]

EMAIL_EVENT_TYPES = [
    "delivered",
    "opened",
    "clicked",
    "replied",
    "bounced",
    "unsubscribed",
    "spam_report",
]
DIRECTIONS = ["outbound", "inbound"]
CALL_DISPOSITIONS = [
    "connected",
    "no_answer",
    "voicemail",
    "busy",
    "wrong_number",
    "meeting_booked",
]
SMS_STATUSES = ["sent", "delivered", "failed", "received"]
SEQUENCES = [f"seq_{i:02d}" for i in range(1, 13)]
# sequences by lead channel (index into SEQUENCES)
CHANNEL_SEQUENCES = {
    "inbound": [0, 1, 2, 3],
    "event": [8, 9],
    "referral": [10],
    "partner": [11],
    "outbound": [4, 5, 6, 7],
}
PROSPECTING_SEQUENCES = [4, 5, 6, 7]
SEQUENCE_STEPS = [4, 5, 6, 5, 7, 6, 8, 5, 4, 4, 3, 4]

GOAL_SCOPES = ["user", "team", "company"]
GOAL_METRICS = [
    "bookings",
    "new_opportunities",
    "sourced_opportunities",
    "calls",
    "meetings",
]

# Call connect model (probability multipliers)
CALL_BASE_CONNECT = 0.13
# prospect local hour 0..23
CALL_HOUR_FACTOR = [
    0.15,
    0.1,
    0.1,
    0.1,
    0.1,
    0.15,
    0.3,
    0.6,
    1.5,
    1.75,
    1.35,
    0.95,
    0.42,
    0.55,
    0.9,
    1.0,
    1.5,
    1.35,
    0.7,
    0.5,
    0.3,
    0.2,
    0.15,
    0.15,
]
# Monday..Sunday
CALL_WEEKDAY_FACTOR = [0.9, 1.2, 1.22, 1.15, 0.88, 0.3, 0.25]
CALL_MONDAY_MORNING_FACTOR = 0.6  # Monday before 11:00 local
CALL_FRIDAY_AFTERNOON_FACTOR = 0.5  # Friday from 13:00 local
# rep-local hours in which reps work (8..17), weights
WORK_HOUR_WEIGHTS = [0.8, 1.2, 1.3, 1.2, 0.5, 0.7, 1.1, 1.2, 1.1, 0.7]
WORK_HOUR_START = 8

# Seasonality
MONTH_FACTOR = [0.92, 1.0, 1.1, 0.98, 1.0, 1.08, 0.95, 0.72, 1.08, 1.03, 1.0, 0.72]
WEEKDAY_ACTIVITY = [0.95, 1.05, 1.05, 1.02, 0.88, 0.0, 0.0]
ANNUAL_GROWTH = 0.22

# --------------------------------------------------------------------------------------
# Messy values
# --------------------------------------------------------------------------------------
# (table, column) pairs whose values get case/space noise
MESSY_COLUMNS = [
    ("crm_users", "role"),
    ("crm_teams", "region"),
    ("crm_accounts", "industry"),
    ("crm_accounts", "segment"),
    ("crm_accounts", "region"),
    ("crm_contacts", "lead_source"),
    ("crm_leads", "lead_source"),
    ("crm_leads", "status"),
    ("crm_lead_status_history", "status"),
    ("crm_opportunities", "opportunity_type"),
    ("crm_opportunities", "lead_source"),
    ("crm_opportunities", "stage_name"),
    ("crm_opportunities", "forecast_category"),
    ("crm_opportunities", "loss_reason"),
    ("crm_opportunity_stage_history", "stage_name"),
    ("crm_meetings", "meeting_type"),
    ("crm_meetings", "status"),
    ("email_messages", "direction"),
    ("email_events", "event_type"),
    ("telephony_calls", "direction"),
    ("telephony_calls", "disposition"),
    ("telephony_sms", "direction"),
    ("telephony_sms", "status"),
    ("sales_goals", "scope"),
    ("sales_goals", "metric"),
]
# values outside the vocabulary; staging maps them to 'other' (lead_source is free text:
# it stays as it is, trimmed and lower case, and its channel becomes 'other')
OUT_OF_VOCABULARY = {
    ("crm_users", "role"): ["intern", "Sales Engineer"],
    ("crm_accounts", "segment"): ["startup", "public_sector"],
    ("crm_contacts", "lead_source"): ["Fax", "Yellow Pages"],
    ("crm_leads", "lead_source"): ["Fax", "Yellow Pages", "Carrier Pigeon"],
    ("crm_opportunities", "lead_source"): ["Fax"],
    ("crm_opportunities", "loss_reason"): ["budget freeze", "champion left"],
    ("crm_meetings", "meeting_type"): ["lunch", "qbr"],
    ("email_events", "event_type"): ["deferred", "forwarded"],
    ("telephony_calls", "disposition"): ["left message", "callback requested"],
    ("telephony_sms", "status"): ["queued", "undeliverable"],
}
MESSY_CONTACT_COLUMNS = [
    ("crm_contacts", "email", "email"),
    ("crm_contacts", "phone", "phone"),
    ("crm_leads", "email", "email"),
    ("email_messages", "from_address", "email"),
    ("email_messages", "to_address", "email"),
    ("telephony_calls", "from_number", "phone"),
    ("telephony_calls", "to_number", "phone"),
    ("telephony_sms", "from_number", "phone"),
    ("telephony_sms", "to_number", "phone"),
]
UNPARSEABLE_TIMESTAMPS = [
    "not a date",
    "31/02/2025 25:61",
    "2025-02-30 99:99:99",
    "yesterday",
    "0000-00-00 00:00:00",
    "N/A",
]

# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------
FIRST_NAMES = [
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Sandra",
    "Paul",
    "Ashley",
    "Steven",
    "Emily",
    "Andrew",
    "Michelle",
    "Joshua",
    "Amanda",
    "Kevin",
    "Melissa",
    "Brian",
    "Stephanie",
    "Oliver",
    "Amelia",
    "Harry",
    "Isla",
    "Jack",
    "Ava",
    "Lukas",
    "Hannah",
    "Felix",
    "Lea",
    "Jonas",
    "Mia",
    "Louis",
    "Chloe",
    "Hugo",
    "Camille",
    "Lucas",
    "Manon",
    "Daan",
    "Emma",
    "Sem",
    "Julia",
    "Noah",
    "Sophie",
    "Liam",
    "Olivia",
    "Hiroshi",
    "Yuki",
    "Haruto",
    "Sakura",
    "Kenji",
    "Aiko",
    "Wei",
    "Mei",
    "Jun",
    "Hui",
    "Rahul",
    "Priya",
    "Arjun",
    "Ananya",
    "Mateo",
    "Valentina",
    "Santiago",
    "Camila",
    "Diego",
    "Lucia",
    "Gabriel",
    "Isabela",
    "Rafael",
    "Beatriz",
    "Pedro",
    "Mariana",
    "Chloe",
    "Ethan",
    "Grace",
    "Leo",
    "Zoe",
    "Max",
    "Nora",
    "Sam",
    "Ines",
]
LAST_NAMES = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Evans",
    "Hughes",
    "Edwards",
    "Collins",
    "Murphy",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Dubois",
    "Lefebvre",
    "Moreau",
    "Laurent",
    "Bernard",
    "Fontaine",
    "de Jong",
    "Jansen",
    "de Vries",
    "van Dijk",
    "Bakker",
    "Visser",
    "Sato",
    "Suzuki",
    "Takahashi",
    "Tanaka",
    "Watanabe",
    "Ito",
    "Tan",
    "Lim",
    "Ng",
    "Wong",
    "Chen",
    "Nguyen",
    "Kumar",
    "Singh",
    "Patel",
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Pereira",
    "Costa",
    "Ferreira",
    "Almeida",
    "Rocha",
    "Castro",
    "Morales",
    "Ortiz",
    "Reyes",
    "Cruz",
    "Flores",
    "O'Brien",
    "Kelly",
    "Walsh",
    "Byrne",
    "Novak",
    "Kowalski",
]
COMPANY_WORDS_A = [
    "Acme",
    "Globe",
    "Vertex",
    "Nova",
    "Blue",
    "Iron",
    "Silver",
    "Bright",
    "North",
    "Summit",
    "Pioneer",
    "Apex",
    "Quantum",
    "Evergreen",
    "Red",
    "Golden",
    "Urban",
    "Atlas",
    "Cedar",
    "Harbor",
    "Falcon",
    "Orion",
    "Prime",
    "Stellar",
    "Swift",
    "Crystal",
    "Delta",
    "Echo",
    "Fusion",
    "Granite",
    "Horizon",
    "Keystone",
    "Lumen",
    "Maple",
    "Nimbus",
    "Oak",
    "Pacific",
    "Polar",
    "Radiant",
    "Sierra",
    "Solar",
    "Terra",
    "Titan",
    "Unity",
    "Vector",
    "Willow",
    "Zenith",
    "Aurora",
    "Beacon",
    "Cobalt",
    "Crescent",
    "Ember",
    "Frontier",
    "Helix",
    "Ivory",
    "Jade",
    "Kinetic",
    "Lunar",
    "Meridian",
    "Nexus",
    "Omni",
    "Pinnacle",
    "Quartz",
    "Redwood",
    "Sapphire",
    "Trident",
    "Vanguard",
    "Wave",
    "Alder",
    "Bison",
    "Coral",
    "Drift",
    "Elm",
    "Fjord",
    "Grove",
    "Hawk",
    "Indigo",
]
COMPANY_WORDS_B = [
    "Tech",
    "Works",
    "Labs",
    "Systems",
    "Logistics",
    "Health",
    "Media",
    "Foods",
    "Capital",
    "Dynamics",
    "Solutions",
    "Industries",
    "Analytics",
    "Networks",
    "Retail",
    "Energy",
    "Robotics",
    "Software",
    "Pharma",
    "Motors",
    "Learning",
    "Freight",
    "Bank",
    "Insurance",
    "Studios",
    "Manufacturing",
    "Devices",
    "Cloud",
    "Data",
    "Partners",
    "Group",
    "Holdings",
    "Ventures",
    "Supply",
    "Foods",
    "Apparel",
    "Clinics",
    "Schools",
    "Shipping",
    "Metals",
    "Textiles",
    "Electronics",
    "Games",
    "Publishing",
    "Markets",
]
TITLES_BY_SEGMENT = [
    [
        "Owner",
        "CEO",
        "Operations Manager",
        "Office Manager",
        "Head of Sales",
        "IT Manager",
        "Founder",
    ],
    [
        "VP Sales",
        "Director of IT",
        "Head of Operations",
        "CFO",
        "Procurement Manager",
        "Director of Marketing",
        "IT Manager",
    ],
    [
        "CIO",
        "VP Procurement",
        "Director of IT Infrastructure",
        "Chief Revenue Officer",
        "Head of Digital",
        "Senior Buyer",
        "VP Engineering",
        "Enterprise Architect",
    ],
]
OUR_EMAIL_DOMAIN = "salesco.com"
UNKNOWN_EMAIL_DOMAINS = [
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.com",
    "proton.me",
    "icloud.com",
]

EMAIL_SUBJECTS = {
    "sequence": [
        "Quick question",
        "Following up",
        "Ideas for your team",
        "Worth a conversation?",
        "Case study you may like",
        "Last try",
        "Your recent download",
        "Thanks for visiting",
        "Webinar recording",
        "Great meeting you at the show",
        "Introduction from our partner",
        "Checking in",
    ],
    "one_to_one": [
        "Proposal attached",
        "Next steps",
        "Pricing details",
        "Agenda for our call",
        "Contract draft",
        "Security questionnaire",
        "Demo recording",
        "Quick update",
        "Renewal options",
        "Meeting notes",
        "Reference call",
        "Implementation plan",
    ],
}
LANDING_PAGES = [
    "/",
    "/pricing",
    "/products/gtx",
    "/products/mg",
    "/products/gtk",
    "/blog/sales-productivity",
    "/blog/hardware-buying-guide",
    "/demo",
    "/contact",
    "/resources/ebook-pipeline",
    "/resources/webinar",
    "/customers",
    "/careers",
    "/about",
]
LANDING_PAGE_WEIGHTS = [
    0.22,
    0.10,
    0.08,
    0.07,
    0.05,
    0.10,
    0.07,
    0.04,
    0.03,
    0.06,
    0.04,
    0.05,
    0.05,
    0.04,
]
