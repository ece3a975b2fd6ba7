{{ staged_rows(ref('base_nps__responses')) }}
