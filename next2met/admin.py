"""The audit trail in the admin: read-only, for lead-partner staff and superusers.

Partner staff do not see it: entries name objects and editors of every partner.
"""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

from partners.scoping import is_lead_editor

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogEntryAdmin(LogEntryAdmin):
    def _lead(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and is_lead_editor(user)

    def has_module_permission(self, request):
        return self._lead(request)

    def has_view_permission(self, request, obj=None):
        return self._lead(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
