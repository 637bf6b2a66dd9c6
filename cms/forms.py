"""What the site's public forms share."""


class ErrorSummaryMixin:
    """``error_summary()``: [(anchor, label, message)] for the list at the top of the page.

    Rendered by templates/includes/error_summary.html. A group of radios or
    checkboxes is reached through its first input. ``SUMMARY_LABELS`` may
    name a field there more fully than its own label does.
    """

    SUMMARY_LABELS: dict = {}

    def error_summary(self):
        items = []
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            field = self[name]
            anchor = f"{field.auto_id}_0" if field.use_fieldset else field.auto_id
            label = self.SUMMARY_LABELS.get(name, field.label)
            items.extend((anchor, label, message) for message in errors)
        return items
