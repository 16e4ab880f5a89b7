# Italian as CLDR writes it: "3 gennaio 2027" (no leading zero, no weekday); the month
# names are lower-cased by core.dates.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
