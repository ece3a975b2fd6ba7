{{ staged_rows(ref('base_telephony__sms')) }}
