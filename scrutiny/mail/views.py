"""E-mail sent: the partnership's deliveries for its business manager, with "try again"."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.forms_govuk import change_and_go_back
from scrutiny.mail import sending
from scrutiny.mail.models import Delivery, DeliveryStatus
from scrutiny.partnerships.access import partnership_view, post_only
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped

#: The page lists the most recent deliveries; those not sent are listed apart, however old.
RECENT = 200


@partnership_view("deliveries", "view")
def deliveries(request: HttpRequest) -> HttpResponse:
    partnership = request.seat.partnership  # type: ignore[attr-defined]
    every = scoped(Delivery, partnership)
    return render(
        request,
        "mail/deliveries.html",
        {
            "failed": every.filter(status=DeliveryStatus.FAILED),
            "recent": every.exclude(status=DeliveryStatus.FAILED)[:RECENT],
            "retry_minutes": _spoken([str(int(d.total_seconds() // 60)) for d in sending.retry_delays()]),
        },
    )


def _spoken(items: list[str]) -> str:
    """'1, 5 and 15' from ['1', '5', '15']."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _back(request: HttpRequest, change: Callable[[], object], done: str) -> HttpResponse:
    to = reverse("deliveries", kwargs={"slug": request.seat.partnership.slug})  # type: ignore[attr-defined]
    return change_and_go_back(request, change, done, to=to)


@partnership_view("deliveries", "manage")
@post_only
def delivery_try_again(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_scoped_or_404(Delivery, request.seat.partnership, pk=pk)  # type: ignore[attr-defined]
    return _back(
        request,
        lambda: sending.delivery_try_again(delivery=delivery),
        f"Scrutiny is trying again to send the e-mail to {', '.join(delivery.recipients)}.",
    )


@partnership_view("deliveries", "manage")
@post_only
def delivery_give_up(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_scoped_or_404(Delivery, request.seat.partnership, pk=pk)  # type: ignore[attr-defined]
    return _back(
        request,
        lambda: sending.delivery_give_up(delivery=delivery),
        f"Scrutiny will not try again to send the e-mail to {', '.join(delivery.recipients)}.",
    )
