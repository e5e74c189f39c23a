"""listen: a local web page where a link or a file is heard within a moment, while the
rest of the episode is made (`audio-article listen`).

``hub`` runs the renders (live/) and keeps what each said for its listeners; ``server``
is the HTTP side (the page, the stream, the events, the output folder); ``page`` and
``assets/`` the page itself, made of the episode page's parts.
"""
