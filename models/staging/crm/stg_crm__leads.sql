{{ staged_rows(ref('base_crm__leads')) }}
