"""/subcommittees/: the subcommittees (分科会) and their members."""

app_name = "subcommittees"

urlpatterns = []
