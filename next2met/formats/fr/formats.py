# French as CLDR writes it: "3 janvier 2027"; core.dates writes the first of the
# month "1er août 2027".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
