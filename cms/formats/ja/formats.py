# Japanese date conventions: 2025年4月1日（火）, 2025年4月1日（火）14:00.
DATE_FORMAT = "Y年n月j日（D）"
DATETIME_FORMAT = "Y年n月j日（D）G:i"
SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d G:i"
TIME_FORMAT = "G:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
FIRST_DAY_OF_WEEK = 0
