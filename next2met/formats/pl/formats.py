# Polish as CLDR writes it: the month in the genitive after a day ("3 stycznia 2027"),
# in the nominative alone ("styczeń 2027"); core.dates lower-cases the names.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y"
