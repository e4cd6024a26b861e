"""Letter templates written in one language each: the English CN templates lose their Chinese terms in
brackets (the rules now look for the English words), the Chinese closings gain 敬礼 / 敬禮 after 此致.

Only the seeded wording is changed in place; a template an admin rewrote keeps its own words."""

from django.db import migrations

_EN_TERMS = (" (核查)", " (调解)", " (仲裁)", " (诉讼)")
_EN_PHRASES = {
    "remedy_review": ["internal review"],
    "remedy_mediation": ["mediation"],
    "remedy_arbitration": ["arbitration"],
    "remedy_litigation": ["lawsuit"],
}
_CLOSING = {
    "zh-hans": ("此致\n{{ institution }} 投诉处理部门", "此致\n敬礼！\n\n{{ institution }} 投诉处理部门"),
    "zh-hant": ("此致\n{{ institution }} 投訴處理部門", "此致\n敬禮！\n\n{{ institution }} 投訴處理部門"),
}


def reword(apps, schema_editor):
    LetterTemplate = apps.get_model("correspondence", "LetterTemplate")
    for template in LetterTemplate.objects.all():
        body, elements = template.body, template.required_elements or []
        if template.language == "en":
            for term in _EN_TERMS:
                body = body.replace(term, "")
            elements = [
                {**e, "phrases": _EN_PHRASES[e["element"]]}
                if isinstance(e, dict) and e.get("element") in _EN_PHRASES
                else e
                for e in elements
            ]
        elif template.language in _CLOSING:
            old, new = _CLOSING[template.language]
            body = body.replace(old, new)
        if body != template.body or elements != template.required_elements:
            template.body, template.required_elements = body, elements
            template.save(update_fields=["body", "required_elements"])


class Migration(migrations.Migration):
    dependencies = [("correspondence", "0009_seed_enquiry_letters")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
