"""The WSGI application, loaded by gunicorn (``scrutiny serve`` runs it with ``--preload``: in the
master, before it forks the workers)."""

import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
application = get_wsgi_application()

# Import every room's URLs and views now (reversing a name loads them all) rather than on the first
# request, which otherwise waits for them (over 30 s on a loaded 2-core machine; figures in
# bench/README.md). Preloaded, this is done once, for all the workers.
reverse("home")
# Nothing above queries the database (Django connects lazily); should anything ever, close its
# connection here, so that no connection opened in the master is shared by the forked workers.
connections.close_all()
