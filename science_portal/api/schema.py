"""Adjustments of the generated OpenAPI schema."""


def empty_filter_values(result, generator, request, public):
    """A filter given an empty value is no filter (as in the pages' forms): a query
    parameter with a list of values also takes ""."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                values = parameter.get("schema", {}).get("enum")
                if parameter["in"] == "query" and values is not None and "" not in values:
                    values.append("")
    return result
