"""Pagination for listings: one page of a queryset from ``?page=``, forgiving bad input."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, queryset, per_page):
    """A page of ``queryset`` for ``?page=``; bad or out-of-range numbers fall back."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
