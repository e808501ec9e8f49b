from . import panels


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = panels.menu_items(request)
    path = request.path
    for item in items:
        item.active = path.startswith(item.active_prefix) if item.active_prefix != "/" else path == "/"
    return {"menu_items": items, **panels.header_context(request)}
