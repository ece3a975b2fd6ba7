{{ staged_rows(ref('base_crm__opportunity_line_items')) }}
