{{ staged_rows(ref('base_crm__opportunity_stage_history')) }}
