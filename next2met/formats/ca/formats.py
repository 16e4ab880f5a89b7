# Catalan as CLDR writes it: "3 de gener de 2027"; core.dates elides "de" before a
# vowel ("1 d’abril de 2027"), which a format string cannot say.
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, G:i"
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
