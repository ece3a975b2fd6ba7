{{ staged_rows(ref('base_crm__opportunities')) }}
