"""Django's admin is for the people who run the service (platform staff), not partnership users."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scrutiny.partnerships.models import Agency, Area, Membership, Partnership, PartnershipAgency, PartnershipArea


class AreaLinkInline(admin.TabularInline[PartnershipArea, Partnership]):
    model = PartnershipArea
    extra = 0
    autocomplete_fields = ["area"]


class AgencyLinkInline(admin.TabularInline[PartnershipAgency, Partnership]):
    model = PartnershipAgency
    extra = 0
    autocomplete_fields = ["agency"]


class MembershipInline(admin.TabularInline[Membership, Partnership]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "agency"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["name", "slug", "is_demo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AreaLinkInline, AgencyLinkInline, MembershipInline]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["name", "kind", "code", "old_la_code"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "old_la_code"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["name", "kind", "area", "is_designated_education"]
    list_filter = ["kind", "is_designated_education"]
    search_fields = ["name"]
