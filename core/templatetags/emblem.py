"""``{% eu_emblem %}``: the European Union emblem as inline SVG (see core.emblem)."""

from django import template

from core.emblem import emblem

register = template.Library()


@register.inclusion_tag("includes/eu_emblem.html")
def eu_emblem(height: int = 48):
    """The emblem at ``height`` CSS pixels. It is decorative: the text beside it names
    the European Union, so the drawing is hidden from assistive technology."""
    drawing = emblem()
    return {"emblem": drawing, "height": height, "width": height * 3 // 2}
