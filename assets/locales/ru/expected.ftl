# Ожидаемые посетители: кто придёт, хранятся на этом компьютере до прихода («Сегодня» в окне, `visitor-desk expected`
# в командной строке).

## Посетитель
expected-code-title = { $name }, кв. { $flat }
expected-window-from = { $day } с { $from }
expected-window-until = { $day } до { $to }
expected-timing-now = ожидается сейчас
expected-timing-later = позже
expected-timing-arrived = пришёл
expected-timing-gone = не пришёл
expected-field-name = Имя
expected-field-flat = Квартира
expected-field-company = Компания
expected-field-host = К кому
expected-field-intercom = Домофон
expected-field-day = День
expected-field-from = С
expected-field-to = До
expected-field-window = Время
expected-field-note = Примечание

## Почему посетитель не принят
expected-invalid-no-name = нет имени
expected-invalid-too-long = { $field }: длиннее { $most } знаков
expected-invalid-window = время кончается ({ $to }) раньше, чем начинается ({ $from })
expected-invalid-day = «{ $text }» — не дата (2026-12-07 или 07.12.2026)
expected-invalid-time = «{ $text }» — не время (14:00)
expected-invalid-intercom = нет домофона «{ $text }»
expected-invalid-past = { $day } уже прошёл

## Импорт файла
expected-import-format-csv = CSV, { $encoding }, разделитель «{ $separator }»
expected-import-too-large = Файл больше { $most } МБ: это не список посетителей.
expected-import-too-many-rows = В файле больше { $most } строк: импортируйте его по частям.
expected-import-empty = В файле нет строк.
expected-import-unreadable = Файл не прочитан: { $reason }
expected-import-no-name-column = Ни один столбец не содержит имён посетителей. Назовите столбец «Имя» (или ФИО, Посетитель, Гость, Name). Заголовки файла: { $headers }
expected-import-read-as = Прочитан как { $format }.
expected-import-column = Столбец «{ $header }» → { $field }
expected-import-column-unused = Столбец «{ $header }» не используется
expected-import-skipped = Строка { $line } ({ $first }) пропущена: { $reason }
expected-import-summary = { $added ->
    [one] Будет добавлен { $added } посетитель
    [few] Будут добавлены { $added } посетителя
   *[other] Будут добавлены { $added } посетителей
}, { $skipped ->
    [0] пропущенных строк нет.
    [one] пропущена { $skipped } строка.
    [few] пропущены { $skipped } строки.
   *[other] пропущено { $skipped } строк.
}
expected-import-done = { $added ->
    [one] Добавлен { $added } посетитель.
    [few] Добавлены { $added } посетителя.
   *[other] Добавлено { $added } посетителей.
}
expected-import-unknown-field = «{ $word }» в --columns — не поле: name, flat, company, host, intercom, day, from, to, window, note или - для неиспользуемого столбца.
expected-import-dry-run = Ничего не добавлено (--dry-run).
expected-import-nothing = Никто не добавлен: пропущены все строки (каждая названа выше).
expected-header-status = Состояние
expected-header-code = Код

## Командная строка
expected-added = Добавлен(а) { $name }, ожидается { $window } (id { $id }).
expected-unknown = Нет ожидаемого посетителя с id { $id }.
expected-already-arrived = { $name } уже получил(а) код { $code } в { $at }.
expected-needs-intercom = У посетителя { $name } не указан домофон: укажите --intercom ID.
expected-arrived = { $name } пришёл(ла): код { $code } до { $until }.
expected-no-journal = Негде хранить ожидаемых посетителей (нет папки данных).
expected-no-account = Чьи посетители? Войдите один раз (`visitor-desk login`) или укажите --account либо --server и --login.
expected-file-unreadable = Не удалось прочитать { $path }: { $reason }
expected-none = Никого не ждут.

## «Сегодня» в окне
today-open = Сегодня
today-open-hint = Кого ждут сегодня: найдите по трём буквам, Enter делает код
today-title = Ожидаются сегодня
today-hint = { $day }. Наберите три буквы имени, квартиры или компании; Enter делает первому найденному код, копирует его и отмечает приход.
today-search = Найти посетителя
today-search-hint = три буквы, затем Enter
today-none = Сегодня никого не ждут. Добавьте посетителя ниже или импортируйте список (Импорт…)
today-none-found = Никто из ожидаемых не подходит.
today-make-code = Сделать код
today-make-code-for = Сделать код для: { $name }
today-copy-code = Копировать код
today-add-heading = Добавить посетителя на сегодня
today-add-from = С (14:00)
today-add-to = До (16:00)
today-add = Добавить
today-from = с { $from }
today-until = до { $to }
today-all-day = весь день
today-account = Добавлять и импортировать для
today-import = Импорт…
today-import-hint = Прочитать список ожидаемых посетителей из файла CSV или XLSX: до сохранения видно, кто будет добавлен и что пропущено
today-imported = { $count ->
    [one] Из списка добавлен { $count } посетитель.
    [few] Из списка добавлены { $count } посетителя.
   *[other] Из списка добавлено { $count } посетителей.
}
import-dialog-title = Импорт ожидаемых посетителей
import-filter = Списки посетителей (CSV, XLSX)
import-no-dialog = Окно выбора файла здесь не открыть: нужен портал выбора файлов рабочего стола (xdg-desktop-portal) или zenity. В командной строке: visitor-desk expected import ФАЙЛ.
import-dialog-failed = Окно выбора файла не сработало: { $reason }
import-heading = Импорт { $file }
import-hint = Прочитан как { $format }. Выберите, что заполняет каждый столбец; ниже первые строки файла, затем что будет пропущено и почему.
import-line = Строка
import-fills = Заполняет
import-column-none = — (не используется)
import-confirm = { $count ->
    [one] Импортировать { $count } посетителя
   *[other] Импортировать { $count } посетителей
}
import-more-skipped = …и ещё пропущено строк: { $count }.

## Журнал
journal-kind-visitor-arrived = Пришёл ожидаемый посетитель
expected-journal-detail = Ожидался { $window }, добавил(а) { $added_by } { $added_at }
