"""Spreadsheet downloads of the admin's reports, as Excel in China opens them."""

import codecs

__all__ = ["ExcelCsvMixin"]


class ExcelCsvMixin:
    """For a Wagtail ``ReportView``/``SpreadsheetExportMixin``: the CSV starts with the UTF-8
    byte-order mark, because Excel as used in China reads a CSV without it as GBK."""

    def stream_csv(self, queryset):
        yield codecs.BOM_UTF8
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response
