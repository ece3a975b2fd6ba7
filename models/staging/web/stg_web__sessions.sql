{{ staged_rows(ref('base_web__sessions')) }}
