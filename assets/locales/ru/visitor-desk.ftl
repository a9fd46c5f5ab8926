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
codes-shown = { $count ->
    [one] Показано { $shown } из { $count } кода
   *[other] Показано { $shown } из { $count } кодов
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

## Слова, которые встречаются на всех экранах
app-name = Visitor Desk
cancel = Отмена
close = Закрыть
details = Подробности
dismiss = Скрыть
copy = Копировать
copied = Скопировано
copy-this = Скопировать { $code }
# Дата на кнопке календаря в форме нового кода (шаблон strftime из chrono).
format-date = %a %-d %B

## Меню настроек
menu-settings = Настройки
menu-theme = Оформление
theme-system = Как в системе
theme-light = Светлое
theme-dark = Тёмное
menu-language = Язык
language-system = Как в системе

## Экран входа
sign-in-subtitle = Вход на ваш сервер AIPIX
sign-in-server = Сервер
sign-in-login = Логин
sign-in-password = Пароль
sign-in = Войти
sign-in-enter-server = Введите адрес сервера.
sign-in-enter-login = Введите логин.
sign-in-enter-password = Введите пароль.
sign-in-enter-captcha = Введите символы с картинки.
sign-in-use-http = Использовать { $address }
signing-in-as = Вход на { $server } как { $login }…
captcha = Капча
captcha-loading = Загрузка капчи…
captcha-new = Другая капча
advanced = Дополнительно
ca-file = Файл сертификата ЦС
auth-path = Путь авторизации живых обновлений
certificate-trusted = Доверенный сертификат: { $subject }, { $fingerprint }
certificate-stop-trusting = Больше не доверять этому сертификату
certificate-untrusted = Сертификату сервера нет доверия: возможно, он самоподписанный или выдан не для этого адреса.
certificate-changed = Сертификат сервера изменился с тех пор, как вы ему доверились: это может быть новый сертификат или кто-то посередине.
certificate-subject = Сертификат: { $subject }
certificate-untrusted-advice = Доверяйте ему, только если этот отпечаток вам дал администратор.
certificate-changed-advice = Доверяйте новому сертификату, только если администратор сервера сказал, что сертификат сменился.
certificate-trust = Доверять этому сертификату
certificate-trust-new = Доверять новому сертификату
sessions-end-oldest = Завершить самый старый сеанс и войти
try-again = Повторить
profiles-saved = Сохранённые
profiles-choose = Выберите сохранённый сервер…
profiles-forget = Забыть
profiles-forget-hint = Удалить этот сервер и сохранённый вход
keyring-missing = На этом компьютере нет хранилища ключей, где вход был бы в сохранности: пароль придётся вводить при каждом запуске Visitor Desk.
keyring-short = Вход не сохраняется

## Главное окно
sign-out = Выйти
refresh = Обновить
refresh-hint = Заново получить коды с сервера
intercoms-heading = Домофоны
intercoms-all = Все домофоны
intercom-entrance = подъезд { $number }
intercom-online = в сети
intercom-offline = не в сети
intercom-unknown = состояние неизвестно
# An intercom the server sent without a name: named by its number.
intercom-untitled = Домофон { $id }
intercom-unknown-hint = Состояние домофонов снова будет видно, когда восстановятся живые обновления.
intercom-not-confirmed = не подтверждён
intercom-active-codes = { $count ->
    [one] { $count } действует
   *[other] { $count } действуют
}
open-door = Открыть дверь
open-door-hint = Открывает дверь на несколько секунд, после подтверждения
open-door-not-from-app = Сервер не разрешает этому приложению открывать эту дверь
open-door-of = Открыть дверь «{ $intercom }»
search = Поиск
search-hint = название, код или домофон
show = Показать
revoke-selected = Отозвать выбранные ({ $count })
codes-loading = Загрузка кодов…
codes-none = Кодов пока нет. Создайте код в форме справа (Ctrl+N).
codes-no-match = Нет подходящих кодов.
column-title = Название
column-code = Код
column-intercom = Домофон
column-valid-until = Действует до
column-status = Состояние
column-created = Создан
sort-hint = Сортировать по этому столбцу; ещё раз — в обратном порядке
select-all = Выбрать все показанные
select-code = Выбрать { $title }
codes-table-row = { $title }, код { $code }, { $intercom }, действует до { $until }, { $status }
code-will-be-removed = будет удалён { $when }
code-removed = удалён { $when }
live-connecting = Подключение к живым обновлениям…
live-on = Живые обновления
live-on-hint = Изменения с других рабочих мест появляются здесь сразу.
live-reconnecting = Живые обновления прервались: переподключение через { $seconds } с
live-reconnecting-now = Живые обновления прервались: переподключение…
live-stopped = Живые обновления остановлены: нажмите «Обновить», чтобы увидеть последние данные
live-unencrypted = Живые обновления выключены: сервер передаёт их только без шифрования
live-unencrypted-hint = Адрес сервера — https, но живые обновления он передаёт только без шифрования ({ $address }), и коды дверей в них мог бы прочитать любой в сети. Рабочее место их не получает; нажмите «Обновить», чтобы увидеть последние данные. Администратор сервера может включить шифрование (wss) для живых обновлений.
syncing = Синхронизация…
sync-failed = Список не получен: { $reason }
synced-at = Синхронизировано в { $time }
synced-hint = Когда список последний раз был получен с сервера, пришло живое изменение или сервер ответил на изменение, сделанное здесь.

## Форма нового кода
form-heading = Новый код
form-unsent = Не создан, когда сеанс завершился: код для «{ $title }» на «{ $intercom }».
form-unsent-anywhere = Не создан, когда сеанс завершился: код для «{ $title }».
form-unsent-restore = Вернуть в форму
form-unsent-discard = Отбросить
form-intercom = Домофон
form-choose = Выберите…
form-intercom-not-confirmed = «{ $intercom }» не подтверждён: код для него может не открыть дверь.
form-intercom-offline = «{ $intercom }» не в сети: он может не узнать о новом коде, пока не вернётся в сеть.
form-intercom-takes-no-codes = «{ $intercom }» не принимает коды для посетителей (на сервере они отключены для этой двери): выберите другой домофон.
intercom-takes-no-codes = Коды для посетителей отключены для этой двери на сервере
form-title = Название
form-title-hint = Имя посетителя
form-valid-until = Действует до
form-quick-shortcut = Alt+{ $key }
form-hour = Час
form-minute = Минута
form-create = Создать код
form-create-hint = То же делает Enter в поле названия
form-choose-intercom = Выберите домофон, который откроет код.
form-enter-title = Введите название: для кого этот код?
form-title-too-long = { $limit ->
    [one] Название может быть не длиннее { $limit } символа.
   *[other] Название может быть не длиннее { $limit } символов.
}
form-no-such-time = Такой даты и времени здесь не бывает.
form-expiry-past = Срок действия должен быть в будущем.
form-full = Кодов на счёте: { $held } из { $limit }. Отзовите один, чтобы создать новый.
form-full-expired = Кодов на счёте: { $held } из { $limit }. { $expired ->
    [one] { $expired } из них истёк, но считается, пока сервер его не удалит.
   *[other] { $expired } из них истекли, но считаются, пока сервер их не удалит.
}
form-revoke-expired = { $count ->
    [one] Отозвать истёкший код
   *[other] Отозвать истёкшие коды ({ $count })
}
quick-one-hour = +1 ч
quick-four-hours = +4 ч
quick-end-of-today = До конца дня
quick-tomorrow-noon = Завтра 12:00
quick-one-day = +1 день
quick-one-week = +1 неделя
calendar-open = Выбрать день
calendar-previous-month = Предыдущий месяц
calendar-next-month = Следующий месяц

## Только что созданный код
created-heading = Только что создан
created-valid-until = действует до { $when }
created-copied = Скопирован в буфер обмена
copy-code = Копировать код
copy-message = Копировать как сообщение
show-qr = Показать QR-код
qr-code = QR-код сообщения для посетителя
qr-code-void = QR-код кода, который больше не действует
qr-too-long = Слишком длинно для QR-кода
created-expired = Истёк в { $time } — не выдавать
created-revoked = Отозван в { $time } — не выдавать
created-revoked-elsewhere = Отозван на другом рабочем месте в { $time } — не выдавать
created-removed = Удалён сервером в { $time } — не выдавать
created-gone = Больше нет на сервере — не выдавать

## Подтверждения
confirm-revoke-title = { $count ->
    [one] Отозвать { $count } код?
    [few] Отозвать { $count } кода?
    [many] Отозвать { $count } кодов?
   *[other] Отозвать { $count } кода?
}
confirm-revoke-body = { $count ->
    [1] Этот код сразу перестанет открывать дверь:
   *[other] Эти коды сразу перестанут открывать дверь:
}
confirm-revoke-body-expired = { $count ->
    [1] Этот код уже истёк и дверь не открывает; отзыв удалит его сейчас, и он перестанет учитываться в лимите счёта:
   *[other] Эти коды уже истекли и дверь не открывают; отзыв удалит их сейчас, и они перестанут учитываться в лимите счёта:
}
confirm-revoke-expired-line = { $code }: истёк
confirm-revoke-more = и ещё { $count }
confirm-revoke-button = { $count ->
    [one] Отозвать { $count } код
    [few] Отозвать { $count } кода
    [many] Отозвать { $count } кодов
   *[other] Отозвать { $count } кода
}
door-title = Открыть дверь «{ $intercom }»?
door-how-long = Дверь откроется на время, заданное администратором.
door-open = Открыть дверь
door-open-anyway = Всё равно открыть
door-offline = «{ $intercom }» не в сети: сервер может до него не достучаться, и дверь останется закрытой.
door-unknown = Пока живые обновления недоступны, неизвестно, в сети ли «{ $intercom }».
door-not-confirmed = «{ $intercom }» ещё не подтверждён: сервер откажется открыть его дверь.
door-gone = Этого домофона больше нет в списке.
confirm-create-title = Создать этот код?
confirm-create-long = Он будет действовать { $days } дн. — дольше обычного предела ({ $limit } дн.).
confirm-create-not-confirmed = «{ $intercom }» не подтверждён: код может не открыть его дверь.
confirm-create-offline = «{ $intercom }» не в сети: он может не узнать о коде, пока не вернётся в сеть.
confirm-create-button = Всё равно создать

## Уведомления
notice-revoked = { $count ->
    [one] Отозван { $count } код
    [few] Отозвано { $count } кода
    [many] Отозвано { $count } кодов
   *[other] Отозвано { $count } кода
}
notice-revoke-failed = { $count ->
    [one] Не удалось отозвать { $count } код. { $reason }
    [few] Не удалось отозвать { $count } кода. { $reason }
    [many] Не удалось отозвать { $count } кодов. { $reason }
   *[other] Не удалось отозвать { $count } кода. { $reason }
}
notice-door-accepted = «{ $intercom }»: сервер принял команду открыть дверь.
notice-door-refused = «{ $intercom }»: сервер отказался открыть дверь (домофон не подтверждён или не ваш).
notice-door-failed = «{ $intercom }»: дверь не открылась. { $reason }
notice-made-elsewhere = Новый код на другом рабочем месте: { $title } ({ $intercom })
notice-revoked-elsewhere = Отозван на другом рабочем месте: { $title } ({ $intercom })
notice-revoked-elsewhere-many = { $count ->
    [one] На другом рабочем месте отозван { $count } код
    [few] На другом рабочем месте отозвано { $count } кода
    [many] На другом рабочем месте отозвано { $count } кодов
   *[other] На другом рабочем месте отозвано { $count } кода
}

## Что пошло не так: одно предложение и что делать дальше
failure-bad-address = Это не адрес сервера. Введите его как vms.example.org или https://vms.example.org.
failure-unreachable = Не удалось связаться с сервером. Проверьте адрес и подключение к сети и попробуйте снова.
failure-plain-http = Этот сервер работает по http, а не по https.
failure-not-aipix = По этому адресу нет сервера AIPIX. Уточните адрес у администратора.
failure-session-ended = Ваш сеанс завершён. Войдите снова.
failure-session-ended-elsewhere = Этот сеанс завершён с другого устройства или администратором. Войдите снова, чтобы продолжить.
failure-session-ended-command-line = Сеанс завершён с командной строки этого компьютера в { $time } (--end-session). Войдите снова, чтобы продолжить.
failure-session-ended-window = Сеанс завершён в { $time } программой Visitor Desk на этом компьютере (в списке сеансов или при входе, освобождавшем место). Войдите снова, чтобы продолжить.
failure-forbidden = Сервер не разрешает это вашей учётной записи.
failure-not-found = Этого больше нет на сервере: удалено или принадлежит не вам.
failure-busy = Сервер ограничивает частоту запросов. Попробуйте чуть позже.
failure-busy-for = Сервер ограничивает частоту запросов. Попробуйте через { $seconds } с.
failure-server-fault = На сервере произошла ошибка ({ $status }). Попробуйте позже; если не пройдёт, сообщите администратору.
failure-bad-answer = Не удалось прочитать ответ сервера. Попробуйте снова; если не пройдёт, сообщите администратору.
failure-list-changing = Список менялся во время чтения; он будет прочитан заново.
failure-trust-settings = Настройки сертификата для этого сервера непригодны: проверьте выбранный для него файл ЦС или отпечаток (в окне — раздел «Дополнительно» на экране входа; для команд — --ca-file, --pin-sha256).
failure-certificate = Сертификату сервера нет доверия. Выйдите и войдите снова, чтобы проверить его.
failure-refused = Сервер отклонил запрос.
failure-too-many-sessions = Для этой учётной записи открыто слишком много сеансов.
failure-captcha = Не удалось загрузить капчу. Нажмите «Другая капча», чтобы попробовать снова.

## Журнал: виды записей, кто, итог, столбцы (окно «История», выгрузка CSV, командная строка)
journal-kind-sign-in = Вход
journal-kind-sign-out = Выход
journal-kind-session-ended = Сеанс завершён сервером
journal-kind-code-created = Код создан
journal-kind-code-revoked = Код отозван
journal-kind-code-removed = Код удалён после истечения
journal-kind-door-opened = Дверь открыта
journal-door-for-call = На звонок в домофон
journal-kind-intercom-offline = Домофон не в сети
journal-kind-intercom-online = Домофон в сети
journal-kind-intercom-removed = Домофон удалён
journal-kind-live-gap = Перерыв в обновлениях
journal-kind-live-notice = Сообщение живых обновлений
journal-call-stored = Вызов с домофона { $id }: { $status }
journal-calls-deleted = Вызовы удалены из истории: { $ids }
journal-call-cancelled = На вызов { $id } ответили в другом месте
journal-call-answered-elsewhere = отвечен на другом устройстве
journal-permissions-updated = Права учётной записи изменились; список прочитан заново.
journal-push-unreadable = Не удалось прочитать { $kind } ({ $reason }); список прочитан заново.
journal-push-unknown = { $kind } (не используется этим рабочим местом)
journal-origin-desk = Это рабочее место
journal-origin-command-line = Это рабочее место (командная строка)
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
history-from-button = Дата: с…
history-from-hint = Показать только то, что было в этот день или позже
history-to-button = Дата: по…
history-to-hint = Показать только то, что было в этот день или раньше
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
history-was-valid-until = действовал до { $time }
history-login = логин { $login }

## История кода (из строки окна «История»)
story-heading = История кода
story-close = Закрыть
story-door = Открывает: { $intercom }
story-valid-until = Действует до { $time } ({ $relative })
story-listed-until = Истёк; сервер хранит его до { $time }
story-nothing = Об этом коде пока ничего не записано.
story-unknown-user = неизвестный пользователь
story-made-here = Создан на этом месте, пользователь { $user }
story-made-here-command-line = Создан на этом месте из командной строки, пользователь { $user }
story-made-elsewhere-push = Создан на другом месте (замечено на лету)
story-made-elsewhere-listing = Создан на другом месте (найден в списке)
story-revoked-here = Отозван на этом месте, пользователь { $user }
story-revoked-here-command-line = Отозван на этом месте из командной строки, пользователь { $user }
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
export-csv-excel-hint = С меткой порядка байтов и разделителем, которого ждёт русский Excel (точка с запятой), чтобы Excel правильно прочёл буквы и столбцы
# The list separator Excel uses in this language: a comma, or a semicolon where the decimal separator is a comma.
export-excel-separator = ;
export-json = JSON
export-dialog-title = Сохранить выгрузку
export-filter-csv = Таблица CSV
export-filter-json = JSON
export-no-dialog-linux = Окно сохранения здесь не открыть: нужен портал выбора файлов рабочего стола (xdg-desktop-portal) или zenity.
export-dialog-failed = Окно сохранения не сработало: { $reason }
export-saved-without-dialog = { $reason } Поэтому файл сохранён в папку { $folder }.
export-saved = { $count ->
    [one] Сохранена { $count } строка в { $path }
    [few] Сохранены { $count } строки в { $path }
    [many] Сохранено { $count } строк в { $path }
   *[other] Сохранено { $count } строки в { $path }
}
export-failed = Выгрузка не удалась: { $reason }
export-code-column-account = Учётная запись
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
journal-cli-no-such-date = «{ $text }» — такой даты нет: этого дня (или времени) нет в календаре.
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

## Отправка кода по электронной почте
mail-subject = Ваш код для прохода: { $intercom }
mail-place = Адрес: { $address }
mail-place-entrance = Адрес: { $address }, подъезд { $entrance }
mail-qr-alt = QR-код кода для прохода
mail-error-not-set = Для этой учётной записи не задан почтовый сервер. Задайте его кнопкой «Почтовый сервер…».
mail-error-incomplete = В настройках почтового сервера не указано: { $what }. Дополните их кнопкой «Почтовый сервер…».
mail-error-no-password = Пароль почтового сервера не сохранён. Введите его кнопкой «Почтовый сервер…».
mail-error-keyring = Пароль почтового сервера не удалось прочитать из связки ключей: { $why }
mail-error-bad-address = «{ $address }» — не адрес электронной почты. Введите его в виде guest@example.org.
mail-error-bad-sender = Адрес отправителя «{ $address }» — не адрес электронной почты. Исправьте его кнопкой «Почтовый сервер…».
mail-error-compose = Письмо не удалось составить ({ $why }). Ничего не отправлено.
mail-error-unreachable = Почтовый сервер { $server } недоступен: { $reason }. Проверьте его имя и порт.
mail-error-no-starttls = Почтовый сервер { $server } не предлагает шифрование (STARTTLS). Ничего не отправлено: пароль и код ушли бы открытым текстом. Выберите TLS, если сервер его поддерживает.
mail-error-certificate = Сертификат почтового сервера отклонён. { $reason }
mail-error-no-login = Почтовый сервер { $server } не принимает вход, доступный этой стойке (PLAIN или LOGIN).
mail-error-wrong-password = Почтовый сервер отклонил логин и пароль. Проверьте их кнопкой «Почтовый сервер…». Ответ сервера: { $answer }
mail-error-sender-refused = Почтовый сервер отклонил адрес отправителя. Ответ сервера: { $answer }
mail-error-recipient-refused = Почтовый сервер отклонил адрес { $address }. Уточните его у посетителя. Ответ сервера: { $answer }
mail-error-message-refused = Почтовый сервер отклонил письмо. Ответ сервера: { $answer }
mail-error-timed-out = Почтовый сервер не ответил за { $seconds } с. Неизвестно, ушло ли письмо.
mail-error-protocol = Ответ почтового сервера непонятен: { $why }
mail-sent = Код отправлен на { $address }.
mail-send-button = Отправить по почте…
mail-send-hint = Письмо с QR-кодом и пропуском в PDF
mail-dialog-title = Отправить код { $code } по почте
mail-to = Адрес посетителя
mail-send = Отправить
mail-sending = Отправка…
mail-from = От { $sender } через { $server }
mail-settings-menu = Почтовый сервер…
mail-settings-title = Почтовый сервер: { $account }
mail-server = Сервер
mail-port = Порт
mail-security = Шифрование
mail-security-starttls = STARTTLS (обычно порт 587)
mail-security-tls = TLS (обычно порт 465)
mail-login = Логин
mail-password = Пароль
mail-password-kept = Оставьте пароль пустым, чтобы не менять сохранённый ранее, если он есть.
mail-sender-name = Имя отправителя
mail-sender-address = Адрес отправителя
mail-save = Сохранить
mail-trust = Сертификат
mail-trust-system = Доверенный для этого компьютера
mail-trust-ca-file = Выдан центром сертификации из файла
mail-trust-pinned = Именно этот сертификат (SHA-256)
mail-settings-saved = Настройки почтового сервера сохранены.
mail-password-not-kept = Пароль не удалось сохранить в связке ключей: { $why }
mail-account-none = Сначала выберите учётную запись.
journal-kind-code-emailed = Код отправлен по почте
journal-emailed = на { $address }: { $answer }

## Передача кода: сообщение и листок для посетителя
# Сообщение по умолчанию — шаблон: {"{имя}"} пишет поле, которое заполнит приложение.
share-template-default = Ваш код для прохода: {"{code}"} ({"{intercom}"}, {"{place}"}). Действует до {"{valid_until}"}.
    {"{instructions}"}
share-template-default-no-place = Ваш код для прохода: {"{code}"} ({"{intercom}"}). Действует до {"{valid_until}"}.
    {"{instructions}"}
slip-heading = Код для прохода
slip-entrance = подъезд { $entrance }
slip-for = Для: { $title }
slip-valid = Действует с { $from } до { $until }
slip-footer = Пожалуйста, не передавайте этот код другим людям.
slip-void-expired = ИСТЁК: ДВЕРЬ НЕ ОТКРОЕТ
slip-void-revoked = ОТОЗВАН: ДВЕРЬ НЕ ОТКРОЕТ
slip-pdf-title = Код для прохода { $code }: { $title }
slip-size-a6 = Открытка A6
slip-size-receipt = Чек 80 мм
slip-size-a4 = Лист A4
extend-done = Новый код { $code } для: { $title }; старый код { $old } отозван.
extend-both-work = Новый код { $code } действует, но старый код { $old } отозвать не удалось: { $reason } Дверь открывают оба, пока вы не отзовёте старый.
extend-notice-failed = Новый код не создан: { $reason } Старый код { $old } по-прежнему действует.
extend-failed-after-revoke = Старый код { $old } отозван, но новый не создан: { $reason } У посетителя сейчас нет кода: создайте новый.
slip-failed = Не удалось сделать листок: { $reason }
slip-not-written = Не удалось записать листок в { $path }: { $reason }
slip-not-opened = Листок сделан, но открыть его не удалось: { $reason }
slip-no-printer = На этом компьютере нет команды печати (lp): откройте листок и напечатайте его из программы просмотра.
slip-not-printed = Принтер не принял листок: { $reason }
slip-no-default-printer = Принтер по умолчанию не выбран. Принтеры этого компьютера: { $printers }. Выберите принтер по умолчанию в настройках печати системы (или в терминале: lpoptions -d { $first }) либо откройте листок и напечатайте его из программы просмотра, выбрав принтер там.
slip-no-printers = На этом компьютере не настроен ни один принтер: добавьте его в настройках печати системы или откройте листок и напечатайте его из программы просмотра.
slip-no-printing-service = Служба печати этого компьютера не отвечает ({ $reason }): запустите её или обратитесь к тому, кто обслуживает компьютер; а пока откройте листок и напечатайте его из программы просмотра.
slip-opened = Листок открыт в программе просмотра PDF ({ $path }).
slip-printed = Листок отправлен на печать.
slip-saved = Листок сохранён: { $path }
slip-dialog-title = Сохранить листок для посетителя
slip-filter-pdf = Документ PDF

## Передача кода в окне: меню строки, меню листка, QR-код, продление, редакторы
row-actions = Действия: { $title } ({ $code })
row-actions-hint = Скопировать сообщение, показать QR-код, листок для посетителя, продлить или отозвать
show-qr-menu = Показать QR-код…
handover-dead-code = Этот код больше не открывает дверь: продлите его, чтобы выдать новый.
revoke = Отозвать…
qr-dialog-title = Код { $code }: { $title }
slip-menu = Листок для посетителя
slip-open = Открыть
slip-print = Напечатать
slip-save-as = Сохранить как…
slip-paper = Бумага
extend = Продлить…
extend-hint = Новый код для того же посетителя и домофона с более поздним сроком; старый код отзывается, как только новый начнёт действовать
extend-title = Продлить код { $code } ({ $title })
extend-title-gone = Кода больше нет
extend-gone = Этого кода больше нет на сервере: создайте новый в форме.
extend-no-code-now = Старый код отозван, но новый не создан: { $reason } У посетителя сейчас нет кода: создайте его в форме.
extend-body = Созданный код изменить нельзя. Продление создаёт новый код для того же посетителя и домофона со сроком, который вы выберете, и отзывает старый, как только новый начнёт действовать.
extend-until = Новый срок
extend-sooner = Это не позже срока самого кода ({ $when }).
extend-or-at = Или до
extend-past = Это время уже прошло: выберите более позднее.
extend-make = Создать новый код
extend-failed = Новый код не создан: { $reason } Старый код { $old } по-прежнему действует.
extend-full = Счёт заполнен ({ $held } из { $limit ->
    [one] { $limit } кода
   *[other] { $limit } кодов
}): новому коду нужно место старого.
extend-revoke-first = Можно сначала отозвать старый код { $old }. Тогда посетитель останется без кода, пока не создан новый, а если создать его не удастся — совсем без кода.
extend-agree = Сначала отозвать старый код
extend-expired-count = { $count ->
    [one] { $count } из них истёк, но ещё учитывается: если отозвать его, место освободится, а старый код посетителя тем временем продолжит действовать.
    [few] { $count } из них истекли, но ещё учитываются: если отозвать их, место освободится, а старый код посетителя тем временем продолжит действовать.
    [many] { $count } из них истекли, но ещё учитываются: если отозвать их, место освободится, а старый код посетителя тем временем продолжит действовать.
   *[other] { $count } из них истекли, но ещё учитываются: если отозвать их, место освободится, а старый код посетителя тем временем продолжит действовать.
}
extend-tick-first = Чтобы создать новый код, сначала поставьте флажок выше (или отзовите истёкшие коды).
extend-revoke-and-make = Отозвать старый код и создать новый
created-old-still-works = Старый код { $old } отозвать не удалось: он тоже по-прежнему открывает дверь.
created-revoke-old = Отозвать старый код…
menu-share-message = Текст сообщения…
template-title = Текст сообщения
template-intro = Что копирует «Копировать как сообщение» и что содержат QR-коды и листки. Слова в фигурных скобках заполняются для каждого кода; строка, все значения которой пусты, пропускается.
template-label = Шаблон сообщения
template-insert = Вставить в место курсора:
template-save = Сохранить
template-reset = Вернуть текст по умолчанию
template-fix-first = Сначала исправьте отмеченные поля
template-unknown = { $name } — такого поля нет (строка { $line }, столбец { $column }).
template-did-you-mean = Может быть, { $name }?
template-unclosed = Скобка в строке { $line }, столбце { $column } не закрыта: закройте её знаком {"}"} или напишите {"{{"}, если нужна скобка в тексте.
template-preview-code = Как будет выглядеть с кодом { $code }
template-preview-sample = Как будет выглядеть с кодом-примером
template-preview-blocked = Образец появится, когда в шаблоне не останется ошибок.
template-preview-empty = (сообщение пустое)
template-no-code = В сообщении нет {"{code}"}: посетитель не увидит кода.
template-sample-title = Мария Лопес
template-sample-intercom = Входная дверь
template-sample-address = Садовая ул., 12
template-sample-instructions = Нажмите # и введите код.
placeholder-code = Цифры кода
placeholder-title = Для кого код (его название)
placeholder-intercom = Название домофона
placeholder-place = Адрес и подъезд вместе, что из них сообщает сервер
placeholder-address = Адрес домофона
placeholder-entrance = Номер подъезда, если сервер его знает
placeholder-valid-until = Когда код перестанет действовать, по местному времени
placeholder-valid-for = Сколько ещё действует код
placeholder-instructions = Что посетителю сделать у этой двери (задаётся для каждого домофона)
door-instructions = Как пройти
door-instructions-hint = Что посетителю сделать у этой двери: это попадёт в сообщение и на листок
door-instructions-of = Как пройти через { $intercom }
instructions-title = Как пройти: { $intercom }
instructions-intro = Что посетителю сделать у этой двери. Подставляется вместо {"{instructions}"} в сообщение и печатается на листке. Хранится на этом компьютере для этого счёта.
instructions-label = Что сделать
instructions-hint = Нажмите # и введите код
instructions-save = Сохранить

## Журнал продления: связь старого кода с новым
journal-extends = Продление кода { $code }
journal-replaced-by = Заменён кодом { $code }
journal-revoked-for-extend = Отозван заранее, чтобы освободить место для продления
story-extended-as = Продлён: выдан код { $code } на этом месте, пользователь { $user }
story-extend-failed = { $user } пытался продлить его здесь; новый код не создан: { $reason }
story-replaced-revoked = Заменённый им код { $code } отозван на этом месте, пользователь { $user }
story-replaced-not-revoked = Заменённый им код { $code } отозвать не удалось: { $reason }

## Что приложение хранит: хранилище паролей и файл настроек (технические причины, видны под «Подробности»)
keyring-unreachable = не удалось связаться со службой хранилища паролей: { $why }
keyring-refused = хранилище паролей заблокировано или отказало в доступе: { $why }
keyring-not-started = не удалось запустить хранилище паролей
keyring-no-entry = сохранённого входа нет
keyring-damaged = сохранённый вход повреждён
keyring-ambiguous = { $count ->
    [one] этому серверу и логину соответствует { $count } сохранённый вход
    [few] этому серверу и логину соответствуют { $count } сохранённых входа
   *[other] этому серверу и логину соответствуют { $count } сохранённых входов
}
keyring-check-not-started = не удалось начать проверку хранилища паролей ({ $why })
keyring-no-answer = хранилище паролей не ответило за { $seconds } с
keyring-check-failed = проверка хранилища паролей неожиданно не удалась
keyring-session-not-encoded = не удалось записать сеанс: { $why }
keyring-call-stopped = обращение к хранилищу паролей прервалось: { $why }
settings-not-saved = Не удалось сохранить настройки в { $path }: { $reason }
settings-not-encoded = Не удалось записать настройки: { $reason }
settings-changes-not-kept = { $reason }. Изменения не сохранятся.
settings-set-aside = Не удалось прочитать файл настроек { $path } ({ $why }). Он отложен как { $aside }, созданы новые настройки.
settings-unreadable = Не удалось ни прочитать файл настроек { $path } ({ $why }), ни отложить его ({ $error }). Новые настройки действуют только до закрытия.

journal-kind-reminder-expires-soon = Напомнено: скоро истечёт
journal-kind-reminder-holding-slot = Напомнено: занимает место
journal-kind-notification-action = Нажато уведомление
journal-action-show = Показать окно
journal-action-make-code = Создать код
journal-action-open-door = Открыть дверь
journal-action-extend = Продлить…
journal-action-revoke = Отозвать
calls-title = Вызовы в домофон
calls-ringing = { $count ->
    [one] звонит { $count }
    [few] звонят { $count }
   *[many] звонят { $count }
}
calls-none = Вызовов пока нет. Когда кто-то позвонит, вызов появится здесь.
call-ringing = Звонит
call-answered = Отвечен
call-ended = Завершён
call-missed = Пропущен
call-unknown = Неизвестно
call-door-unknown = Неизвестная дверь
call-make-code = Создать код
call-make-code-hint = Код для этой двери, название уже заполнено
call-open-door = Открыть дверь…
call-open-door-hint = Открывает эту дверь после подтверждения
call-code-title = Посетитель { $time }
settings-notifications = Уведомления на рабочем столе
settings-notify-calls = Вызовы в домофон
settings-notify-codes-elsewhere = Коды, созданные или отозванные на другом рабочем месте
settings-notify-expires-soon = Код истекает через 15 минут
settings-notify-holding-slot = Истёкший код всё ещё занимает место
settings-notify-live-lost = Живые обновления прервались дольше чем на минуту
door-forbidden = Сервер не разрешает открывать «{ $intercom }» из этого приложения.

## Several accounts in one window
top-bar-more = Ещё
add-account = Добавить учётную запись…
add-account-hint = Войти ещё в одну учётную запись или на другой сервер; вход в остальные сохранится
accounts-signed-in = { $count ->
    [one] { $count } учётная запись
    [few] { $count } учётные записи
   *[other] { $count } учётных записей
}
account-already-open = В эту учётную запись в этом окне уже выполнен вход
sign-in-another-subtitle = Ещё одна учётная запись, рядом с открытыми
back-to-accounts = Вернуться к учётным записям
back-to-accounts-hint = Не добавлять учётную запись
sign-out-of = Выйти из { $account }
group-all = Все её коды
group-all-hint = Показать коды всех домофонов группы { $group }
group-menu-of = Меню группы { $group }
group-rename = Назвать группу…
group-name = Название группы
group-name-hint = например, Портовая улица
group-save = Сохранить
group-sign-out = Выйти из этой учётной записи
group-signed-out = Вход завершён
group-sign-in-again = Войти снова…
account-not-live = нет связи
account-not-live-hint = Живой канал этой учётной записи прерван: её коды показаны по последней загрузке и могли измениться
form-account = Код займёт место в { $account }
form-use-account = Создать через { $account }
form-use-account-hint = К этой же двери есть доступ через эту учётную запись, и в ней есть свободное место
column-account = Учётная запись
confirm-account = Учётная запись: { $account }
account-codes-not-listed = коды ещё не получены
account-signed-out = вход завершён
sign-in-again-subtitle = Снова войти в { $account }
history-account = Учётная запись

## Программу запустили снова для другой учётной записи, а в форме входа уже что-то набрано
sign-in-offered = Visitor Desk запустили снова для { $account }.
sign-in-offered-take = Подставить эту учётную запись
sign-in-offered-keep = Оставить набранное

## Что слышит пользователь экранного диктора (объявления), и имена того, у чего на экране нет подписи
a11y-code-made = Код { $code } создан для: { $title }.
a11y-live-lost = Живые обновления потеряны: коды, изменённые на других рабочих местах, сюда не придут, пока связь не вернётся.
a11y-live-back = Живые обновления снова работают.
a11y-refused = Не принято: { $reasons }
a11y-call = У двери «{ $intercom }» звонят.
a11y-code-revoked = Код { $code } для «{ $title }» отозван на другом рабочем месте.
a11y-code-expired = Срок кода { $code } для «{ $title }» истёк.
a11y-codes-revoked = { $count ->
    [one] На другом рабочем месте отозван { $count } код.
    [few] На другом рабочем месте отозвано { $count } кода.
    [many] На другом рабочем месте отозвано { $count } кодов.
   *[other] На другом рабочем месте отозвано { $count } кода.
}
a11y-codes-expired = { $count ->
    [one] Истёк срок { $count } кода.
    [few] Истёк срок { $count } кодов.
    [many] Истёк срок { $count } кодов.
   *[other] Истёк срок { $count } кода.
}
a11y-codes-table = Коды
a11y-code-row = { $title }, код { $code }, { $intercom }, действует до { $until }
a11y-calls-list = Звонки у двери
