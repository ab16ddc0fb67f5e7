"""A curator imports a library's catalogue in the browser: upload, preview, confirm, and the
records are in the admin, in review."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from core import roles
from publications.models import Publication
from tests.importing.conftest import data, pdf_zip
from tests.people.factories import mozer


def log_in(page, username):
    page.goto("/ru/admin/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("correct-horse")
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(r"/ru/admin/$"))


def test_a_curator_imports_a_catalogue(page, phone_page, screenshot):
    user = get_user_model().objects.create_user("irina", password="correct-horse", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.CURATOR))
    sergei = mozer()
    log_in(page, "irina")

    page.goto("/ru/admin/")
    page.get_by_role("link", name=re.compile("Импорт публикаций")).first.click()
    page.locator(".object-tools a.addlink").click()
    expect(page.get_by_role("heading", name="Импорт публикаций")).to_be_visible()
    page.get_by_label("Файл с библиографией").set_input_files(
        {
            "name": "catalogue.ris",
            "mimeType": "application/x-research-info-systems",
            "buffer": data("catalogue.ris"),
        }
    )
    page.get_by_label("ZIP-архив полных текстов").set_input_files(
        {
            "name": "files.zip",
            "mimeType": "application/zip",
            "buffer": pdf_zip("model.pdf").getvalue(),
        }
    )
    screenshot(page, "import-upload")
    page.get_by_role("button", name="Загрузить и просмотреть").click()

    # The preview: three records, nothing written yet.
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Цифровая таможня. Опыт ВТамО")
    expect(rows.nth(0).get_by_role("link", name=re.compile("Мозер"))).to_be_visible()
    expect(rows.nth(1)).to_contain_text("новый человек (черновик)")
    assert not Publication.objects.exists()
    screenshot(page, "import-preview")
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(page.url)
    expect(phone_page.locator("#result_list")).to_be_visible()
    screenshot(phone_page, "import-preview-phone")

    # The collection is left out; the rest confirmed.
    rows.nth(1).get_by_role("checkbox", name="импортировать эту запись").uncheck()
    page.get_by_role("button", name="Подтвердить импорт").click()
    expect(page.locator(".import-counts").first).to_contain_text("1")
    expect(page.locator(".import-status")).to_contain_text("Импортирован")
    screenshot(page, "import-report")

    # The records in the admin, in review, with their author and file.
    page.get_by_role("link", name="Импортированные публикации на проверке").click()
    expect(page.locator("#result_list")).to_contain_text("Цифровая таможня. Опыт ВТамО")
    expect(page.locator("#result_list")).to_contain_text("Модель зрелости цифровой таможни")
    expect(page.locator("#result_list")).not_to_contain_text("Таможенное право")
    page.get_by_role("link", name="Модель зрелости цифровой таможни").click()
    expect(page.locator("#id_doi")).to_have_value("10.5555/rta.2020.73.12")
    assert [
        a.person for a in Publication.objects.get(doi="10.5555/rta.2020.73.12").authorships.all()
    ] == [sergei]
    assert Publication.objects.get(doi="10.5555/rta.2020.73.12").files.count() == 1
    screenshot(page, "import-record")
