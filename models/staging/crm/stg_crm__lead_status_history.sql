{{ staged_rows(ref('base_crm__lead_status_history')) }}
