"""Admin boundaries that Wagtail leaves to its views' POST handlers."""

from wagtail import hooks
from wagtail.admin.auth import permission_denied


@hooks.register("before_move_page")
def refuse_move_confirmation_without_move_permission(request, page, destination):
    """The move confirmation answers only those who may make that move.

    Wagtail's confirmation page checked the permission only when posted, so
    an editor who may not move pages was still shown it (and the move page
    refused them). Same rule as the move itself (MovePageAction).
    """
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None
