"""A person's own data (GDPR art. 15): *Mina personuppgifter* and ``manage.py personal_data_export``."""
