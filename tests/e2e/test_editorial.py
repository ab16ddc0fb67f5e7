"""The editorial workflow in a real browser: an editor drafts and submits, a curator
publishes, and a visitor finds the publication."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from core import roles
from publications.models import Publication

TITLE = "Таможенное администрирование в цифровую эпоху"


def staff_member(username, role):
    user = get_user_model().objects.create_user(username, password="correct-horse", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page, username):
    page.goto("/ru/admin/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("correct-horse")
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(r"/ru/admin/$"))


def test_an_editor_submits_a_curator_publishes_a_visitor_finds(browser, live_server, screenshot):
    staff_member("olga", roles.EDITOR)
    staff_member("irina", roles.CURATOR)

    def new_page():
        context = browser.new_context(base_url=live_server.url, locale="ru-RU")
        context.set_default_timeout(10_000)
        return context.new_page()

    # The editor drafts a publication and submits it for review.
    editor = new_page()
    log_in(editor, "olga")
    editor.goto("/ru/admin/publications/publication/add/")
    editor.locator("#id_type").select_option("monograph")
    editor.locator("#id_title_ru").fill(TITLE)
    editor.locator("#id_title_en").fill("Customs administration in the digital age")
    editor.locator("#id_year").fill("2024")
    editor.locator("#id_slug").fill("customs-administration-digital-age")
    status = editor.locator("#id_status")
    expect(status.locator("option")).to_have_count(2)  # a draft or review, never published
    editor.locator("input[name=_save]").first.click()
    expect(editor.locator(".messagelist")).to_contain_text(TITLE)
    publication = Publication.objects.get(title_ru=TITLE)
    assert publication.slug == "customs-administration-digital-age", publication.slug
    assert publication.status == "draft"

    editor.get_by_role("checkbox", name=re.compile(TITLE)).check()
    editor.locator("select[name=action]").select_option("submit_for_review")
    editor.get_by_role("button", name="Выполнить").click()
    expect(editor.locator(".messagelist")).to_contain_text("Отправлено на проверку: 1")
    publication.refresh_from_db()
    assert publication.status == "review"

    # The curator finds it in the review queue and publishes it.
    curator = new_page()
    log_in(curator, "irina")
    queue = curator.locator(".editorial-desk").first
    expect(queue).to_contain_text("Очередь проверки: 1")
    screenshot(curator, "admin-review-queue")
    queue.get_by_role("link", name=TITLE).click()
    curator.locator("#id_status").select_option("published")
    curator.locator("input[name=_save]").first.click()
    expect(curator.locator(".messagelist")).to_contain_text(TITLE)
    publication.refresh_from_db()
    assert publication.is_published

    # A visitor finds it.
    visitor = new_page()
    visitor.goto("/ru/search/?q=администрирование+цифровую")
    visitor.get_by_role("link", name=TITLE).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(TITLE)
    screenshot(visitor, "published-by-the-curator")


def test_a_withdrawn_publication_shows_its_tombstone(page, phone_page, screenshot):
    from core import publishing
    from tests.people.factories import PersonFactory
    from tests.publications.factories import AuthorshipFactory, PublicationFactory

    publication = PublicationFactory(title=TITLE, slug="withdrawn-book", year=2019)
    AuthorshipFactory(publication=publication, person=PersonFactory(family_name_cyr="Мозер"))
    publishing.withdraw(objects=[publication], reason="Запись дублирует публикацию 2018 года.")

    for shown, name in ((page, "tombstone-desktop"), (phone_page, "tombstone-phone")):
        response = shown.goto("/ru/publications/withdrawn-book/")
        assert response.status == 410
        expect(shown.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(shown.locator(".tombstone__reason")).to_contain_text("дублирует")
        expect(shown.locator(".tombstone__cite")).to_contain_text("Мозер")
        screenshot(shown, name)
