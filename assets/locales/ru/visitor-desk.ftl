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
