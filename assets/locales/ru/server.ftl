# Что присылает сервер так, как его читают приложения производителя: что он может не прислать, в чём отказать, о чём попросить.

## Чего сервер не сказал
intercom-name-unknown = Неизвестный домофон
intercom-online-not-reported = Сервер не сообщает, на связи ли этот домофон.
code-value-missing = Нет кода: спросите сервер
listing-codes-unreadable = { $count ->
    [one] { $count } код не удалось прочитать — см. журнал.
    [few] { $count } кода не удалось прочитать — см. журнал.
    [many] { $count } кодов не удалось прочитать — см. журнал.
   *[other] { $count } кода не удалось прочитать — см. журнал.
}
listing-intercoms-unreadable = { $count ->
    [one] { $count } домофон не удалось прочитать — см. журнал.
    [few] { $count } домофона не удалось прочитать — см. журнал.
    [many] { $count } домофонов не удалось прочитать — см. журнал.
   *[other] { $count } домофона не удалось прочитать — см. журнал.
}
journal-kind-unreadable-item = Нечитаемая запись
journal-unreadable-code = Код из списка сервера не удалось прочитать
journal-unreadable-intercom = Домофон из списка сервера не удалось прочитать

## Отказы
failure-list-too-large = Список на сервере больше, чем читает Visitor Desk (больше { $items } записей или { $mib } МиБ), поэтому он не прочитан. Сообщите администратору.
failure-needs-newer-client = Этому серверу нужна более новая версия Visitor Desk (эта знает AIPIX { $version }). Попросите администратора обновить её.

## Командная строка
cli-unknown = неизвестно
cli-intercom-status-not-reported = состояние не сообщается
cli-created-without-value = Код создан (номер { $id }), но сервер не прислал код, который можно выдать: спросите сервер.
cli-slip-without-value = Сервер не прислал код для номера { $id }: печатать нечего. Спросите сервер.
cli-too-many-sessions-limit = Для этой учётной записи открыто слишком много сеансов (можно { $limit }). Завершите один и войдите:
cli-end-session-hint = Запустите команду снова с --end-session НОМЕР (достаточно начала номера), чтобы завершить этот сеанс и войти.
cli-session-column-id = НОМЕР
cli-session-column-device = УСТРОЙСТВО
cli-session-column-ip = АДРЕС
cli-session-column-last = ПОСЛЕДНИЙ РАЗ
cli-session-column-online = НА СВЯЗИ
cli-unknown-session = Ни один сеанс этой учётной записи не начинается с { $id }: ничего не завершено. Смотрите таблицу сеансов, которую дал сервер.

## Сеансы
sessions-open = Сеансы
sessions-title = Сеансы учётной записи { $account }
sessions-hint = Все устройства, на которых выполнен вход в эту учётную запись. Завершение сеанса выводит устройство из учётной записи.
sessions-too-many-limit = Для этой учётной записи открыто слишком много сеансов (можно { $limit }). Выберите, какой завершить, и войдите.
sessions-choose = Какой сеанс завершить?
sessions-choose-this = Завершить { $device } ({ $id })
sessions-end-and-sign-in = Завершить и войти
sessions-end = Завершить
sessions-end-this = Завершить сеанс { $device } ({ $id })
sessions-ended = Сеанс завершён: на том устройстве выполнен выход.
session-device-unknown = Неизвестное устройство
session-last-used = последний раз { $when }
session-last-unknown = время последнего входа не сообщается
session-online = на связи
session-offline = не на связи
session-this-one = это устройство
journal-other-session-ended = Здесь завершён другой сеанс этой учётной записи ({ $id }).

## Что сервер сообщает о себе
server-facts-version = AIPIX { $version }
server-facts-captcha = может спросить капчу
server-facts-languages = сообщения на языках: { $languages }
sign-in-rate-limited = Сервер ограничивает частоту запросов: повторный вход через { $seconds } с.
sign-out-kept = Здесь выход выполнен, но сервер, возможно, оставил этот сеанс открытым ({ $reason }) — завершите его в «Сеансах» на другом устройстве или попросите администратора.
