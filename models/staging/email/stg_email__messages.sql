{{ staged_rows(ref('base_email__messages')) }}
