"""``{% reader_slot "name" %}...{% endreader_slot %}``: a part that is the reader's own.

Rendered normally, the tag gives its content. In a page's public text
(``reader_slots`` is "public" in the context) it leaves a named slot instead;
in a reader-parts template ("parts") it gives its content under its name. See
practices.cache.ReaderPartsMixin.
"""

import re

from django import template

from ..cache import part_marker, slot_marker

register = template.Library()
NAME = re.compile(r"[a-z0-9-]+")


class ReaderSlotNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        mode = context.get("reader_slots")
        if mode == "public":
            return slot_marker(self.name)
        content = self.nodelist.render(context)
        if mode == "parts":
            return part_marker(self.name) + content
        return content


@register.tag
def reader_slot(parser, token):
    bits = token.split_contents()
    name = bits[1].strip("\"'") if len(bits) == 2 else ""
    if not NAME.fullmatch(name) or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError(
            "{% reader_slot %} takes one quoted name of lowercase letters, digits "
            'and hyphens: {% reader_slot "follow" %}'
        )
    nodelist = parser.parse(("endreader_slot",))
    parser.delete_first_token()
    return ReaderSlotNode(name, nodelist)
