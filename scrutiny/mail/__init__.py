"""E-mail that Scrutiny sends: recorded as a delivery, sent by the task worker, retried, and shown
to the business manager when it fails.

Every room sends e-mail through one function::

    from scrutiny.mail.sending import send_email

    send_email(
        partnership=seat.partnership,   # whose business manager sees a failure; several, or None
        to=["person@example.org"],      # one or more addresses
        subject="Scrutiny: a safety concern needs you now",  # kept and shown: no child's words here
        body=text,                      # plain text; kept only until sent, then blanked
        kind="safety_alert",            # a short code; its label is in scrutiny.mail.models.KIND_LABELS
        link=reverse("voice_feedback_detail", kwargs={...}),  # optional path inside Scrutiny
    ) -> Delivery

Call it inside the transaction that makes the thing the e-mail is about: the delivery is recorded in
that transaction and handed to the task worker only when it commits, so nothing is sent about work
that was rolled back. ``link`` is made a full address with ``SITE_URL`` when the message is sent,
and put where the body says ``{link}`` (or on a line of its own at the end). A failed attempt is
tried again after 1, 5 and 15 minutes (``SCRUTINY_MAIL_RETRY_MINUTES``); then the delivery is
marked not sent, the partnership's business manager sees it on their home page and on *E-mail
sent*, and may try again. An e-mail left waiting 15 minutes with no attempt (its task was lost, or
the worker was down) is handed to the worker again, once, by the scheduler's sweep
(``sending.requeue_waiting``); one whose attempt began and never finished is marked not sent rather
than risk sending it twice. Refused input raises ``ValidationError``.
"""
