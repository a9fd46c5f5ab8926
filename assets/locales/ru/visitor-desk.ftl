# Visitor Desk по-русски.
# Идентификаторы сообщений и их { $аргументы } те же, что в английском файле.
# Формы множественного числа по CLDR: [one] 1, 21, 31…; [few] 2–4, 22–24…; [many] 5–20, 25–30…; [other] дроби.

## Сам язык (его показывает переключатель языка)
language-name = Русский

## Даты (шаблоны strftime из chrono, в местном часовом поясе; названия — из данных локали)
format-date-time = %a %-d %B %H:%M
format-date-time-year = %a %-d %B %Y %H:%M
format-time = %H:%M
format-time-seconds = %H:%M:%S

## Промежутки времени
time-in = через { $span }
time-ago = { $span } назад
time-in-under-a-minute = меньше чем через минуту
time-just-now = только что
span-minutes = { $first } мин
span-hours = { $first } ч
span-hours-minutes = { $first } ч { $second } мин
span-days = { $first } д
span-days-hours = { $first } д { $second } ч

## Количества
codes-count = { $count ->
    [one] { $count } код
    [few] { $count } кода
    [many] { $count } кодов
   *[other] { $count } кода
}
codes-of-limit = { $limit ->
    [one] { $held } из { $limit } кода
   *[other] { $held } из { $limit } кодов
}

## Состояние кода и фильтр по состоянию
status-active = Действует
status-expiring-soon = Скоро истекает
status-expired = Истёк
status-removed = Удалён
filter-any = Все состояния
filter-valid = Действующие
filter-expiring-soon = Скоро истекают
filter-expired = Истёкшие

## Журнал: виды записей, кто, итог, столбцы (окно «История», выгрузка CSV, командная строка)
journal-kind-sign-in = Вход
journal-kind-sign-out = Выход
journal-kind-session-ended = Сеанс завершён сервером
journal-kind-code-created = Код создан
journal-kind-code-revoked = Код отозван
journal-kind-code-removed = Код удалён после истечения
journal-kind-door-opened = Дверь открыта
journal-kind-intercom-offline = Домофон не в сети
journal-kind-intercom-online = Домофон в сети
journal-kind-intercom-removed = Домофон удалён
journal-kind-live-gap = Перерыв в обновлениях
journal-origin-desk = Это рабочее место
journal-origin-push = Другое место (на лету)
journal-origin-listing = Другое место (по списку)
journal-outcome-ok = Успешно
journal-outcome-failed = Ошибка
journal-who-anyone = Все
journal-who-this-desk = Это рабочее место
journal-who-others = Другие места
journal-column-time = Время
journal-column-event = Событие
journal-column-who = Кто
journal-column-result = Итог
journal-column-intercom = Домофон
journal-column-code = Код
journal-column-title = Название
journal-column-valid-until = Действует до
journal-column-until = До
journal-column-details = Подробности
journal-column-login = Логин
journal-column-device = Устройство
journal-column-os-user = Пользователь компьютера

## Неполадки журнала
journal-error-folder = Не удалось создать папку журнала { $path }: { $reason }
journal-error-missing = Журнала { $path } пока нет: он появляется, когда это рабочее место входит на этот сервер.
journal-error-newer = Журнал записан более новой версией Visitor Desk; эта версия его не трогает.
journal-error-schema = Не удалось подготовить журнал: { $reason }
journal-error-not-open = Журнал ещё не открыт.
journal-error-database = База данных журнала ответила: { $reason }
journal-off = В этом окне журнал не ведётся.
journal-health-ok = Журнал снова записывается.
journal-health-busy = Журнал сейчас записывает другая копия Visitor Desk: новые записи подождут и будут записаны, как только он освободится.
journal-health-unavailable = Журнал не удаётся записать ({ $reason }). Новые записи ждут в памяти.

## Окно «История»
history-open = История
history-open-hint = Кто что сделал и когда: журнал этого рабочего места
history-title = История
history-back = ⏴ Коды
history-back-hint = Назад к кодам (Esc)
history-search = Поиск
history-search-hint = название или код
history-intercom = Домофон
history-all-intercoms = Все домофоны
history-event = Событие
history-all-events = Все события
history-who = Кто
history-from = С
history-to = По
history-clear-date = Убрать эту дату
history-clear = Сбросить фильтры
history-count = { $count ->
    [one] { $count } запись
    [few] { $count } записи
    [many] { $count } записей
   *[other] { $count } записи
}
history-loading = Загрузка…
history-empty = Нет подходящих записей.
history-new-entries = { $count ->
    [one] { $count } новая запись: показать
    [few] { $count } новые записи: показать
    [many] { $count } новых записей: показать
   *[other] { $count } новой записи: показать
}
history-event-failed = { $event }: ошибка
history-written-by = Записал { $user } на устройстве { $device }
history-until = до { $time }
history-valid-until = действует до { $time }

## История кода (из строки окна «История»)
story-heading = История кода
story-close = Закрыть
story-door = Открывает: { $intercom }
story-valid-until = Действует до { $time } ({ $relative })
story-listed-until = Истёк; сервер хранит его до { $time }
story-nothing = Об этом коде пока ничего не записано.
story-unknown-user = неизвестный пользователь
story-made-here = Создан на этом месте, пользователь { $user }
story-made-elsewhere-push = Создан на другом месте (замечено на лету)
story-made-elsewhere-listing = Создан на другом месте (найден в списке)
story-revoked-here = Отозван на этом месте, пользователь { $user }
story-revoke-failed = { $user } пытался отозвать его здесь; сервер отказал: { $reason }
story-revoked-elsewhere-push = Отозван на другом месте (замечено на лету)
story-revoked-elsewhere-listing = Отозван в другом месте (пропал из списка до истечения)
story-removed = Удалён сервером после истечения
story-expired = Истёк

## Выгрузка (CSV для таблиц, JSON для программ)
export-codes-menu = Выгрузить коды
export-journal-menu = Выгрузить
export-journal-as-shown = Записи с текущими фильтрами
export-csv = CSV
export-csv-excel = CSV для Excel
export-csv-excel-hint = С меткой порядка байтов, чтобы Excel правильно прочёл буквы
export-json = JSON
export-dialog-title = Сохранить выгрузку
export-filter-csv = Таблица CSV
export-filter-json = JSON
export-no-dialog-linux = Окно сохранения здесь не открыть: нужен портал выбора файлов рабочего стола (xdg-desktop-portal) или zenity.
export-saved-without-dialog = { $reason } Поэтому файл сохранён в папку { $folder }.
export-saved = { $count ->
    [one] Сохранена { $count } строка в { $path }
    [few] Сохранены { $count } строки в { $path }
    [many] Сохранено { $count } строк в { $path }
   *[other] Сохранено { $count } строки в { $path }
}
export-failed = Выгрузка не удалась: { $reason }
export-code-column-code = Код
export-code-column-title = Название
export-code-column-intercom = Домофон
export-code-column-address = Адрес
export-code-column-status = Состояние
export-code-column-valid-until = Действует до
export-code-column-removed-at = Сервер удалит
export-code-column-created = Создан

## `visitor-desk journal` в терминале
journal-cli-bad-date = «{ $text }» — не дата: пишите 2025-01-31, 2025-01-31 14:05 или 2025-01-31T14:05:00+03:00.
journal-cli-no-folder = На этом компьютере не найдена папка для журналов; задайте VISITOR_DESK_DATA_DIR.
journal-cli-no-profile = На этом компьютере ещё не было входа ни на один сервер: укажите --server и --login.
journal-cli-need-login = Для { $server } не сохранён логин: укажите и --login.
journal-cli-which-login = Для { $server } сохранено несколько логинов: укажите и --login.
journal-cli-empty = Записей нет.
journal-cli-until = до { $until }
journal-cli-count = { $count ->
    [one] { $count } запись
    [few] { $count } записи
    [many] { $count } записей
   *[other] { $count } записи
}
