from __future__ import annotations

import marshmallow as ma

from app.pagination import PageArgs, page_schema
from app.reference.models import GOVERNMENT_LEVELS

REGION_CODE = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"


class CatalogQuery(PageArgs):
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=200), metadata={
        "description": "Words to search for in titles, summaries and keywords (Indonesian and "
        "English; case and accents ignored; each word matches as a prefix). Without q, "
        "entries come in title order; with q, every entry matching all words comes, most "
        "relevant first: entries whose title holds every word, then the others; within each, "
        "the more specific entries (shorter titles) first. The order is stable across pages."})
    category = ma.fields.String(validate=ma.validate.Length(max=40))
    agency = ma.fields.String(validate=ma.validate.Length(max=40))
    level = ma.fields.String(validate=ma.validate.OneOf(GOVERNMENT_LEVELS))
    region = ma.fields.String(validate=ma.validate.Regexp(REGION_CODE))
    module = ma.fields.String(validate=ma.validate.Length(max=32))


class AgencyRef(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    level = ma.fields.String()
    region = ma.fields.String(allow_none=True)


class EntrySchema(ma.Schema):
    id = ma.fields.UUID()
    module = ma.fields.String(metadata={"description": "Slug of the module that offers it."})
    code = ma.fields.String()
    title = ma.fields.String()
    summary = ma.fields.String()
    category = ma.fields.String()
    agency = ma.fields.Nested(AgencyRef)
    level = ma.fields.String(metadata={"description": "Government level: national, province, regency."})
    regions = ma.fields.List(
        ma.fields.String(), metadata={"description": "Region codes; empty means nationwide."}
    )
    assurance = ma.fields.String(metadata={"description": "Identity assurance required (ial1, ial2)."})
    deep_link = ma.fields.String()
    icon = ma.fields.String()


EntryPage = page_schema(EntrySchema, "CatalogPage")


class CategorySchema(ma.Schema):
    slug = ma.fields.String()
    title = ma.fields.String()
    icon = ma.fields.String()
