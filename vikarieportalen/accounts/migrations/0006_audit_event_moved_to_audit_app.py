# The audit log moved to its own app (vikarieportalen.audit). State only: the table
# accounts_auditevent, its rows, indexes and constraint stay exactly as they are; audit's
# 0001_audit_event_from_accounts takes the model over with the same db_table.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_audit_kinds_offers_payroll_certificates'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AuditEvent')],
            database_operations=[],
        ),
    ]
