"""What every room's pages and API share and that needs no room: the API's error answer and how a
refusal (Django's ``ValidationError``) becomes one. It sits at the bottom of the layers, so any room
may use it; the endpoint decorator that seats a caller in a partnership is
``scrutiny.partnerships.access.partnership_endpoint``, beside the page decorator."""
