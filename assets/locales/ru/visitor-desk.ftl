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

## Передача кода: сообщение и листок для посетителя
# Сообщение по умолчанию — шаблон: {"{имя}"} пишет поле, которое заполнит приложение.
share-template-default = Ваш код для прохода: {"{code}"} ({"{intercom}"}). Действует до {"{valid_until}"}.
    {"{instructions}"}
slip-heading = Код для прохода
slip-entrance = подъезд { $entrance }
slip-for = Для: { $title }
slip-valid = Действует с { $from } до { $until }
slip-footer = Пожалуйста, не передавайте этот код другим людям.
slip-pdf-title = Код для прохода { $code }: { $title }
slip-size-a6 = Открытка A6
slip-size-receipt = Чек 80 мм
slip-size-a4 = Лист A4
reissue-done = Новый код { $code } для: { $title }; старый код { $old } отозван.
reissue-both-live = Новый код { $code } действует, но старый код { $old } отозвать не удалось ({ $reason }). Дверь открывают оба, пока вы не отзовёте старый.
reissue-failed = Новый код не создан ({ $reason }). Старый код { $old } по-прежнему действует.
reissue-failed-after-revoke = Старый код { $old } отозван, но новый не создан ({ $reason }). У посетителя сейчас нет кода: создайте новый.
slip-failed = Не удалось сделать листок: { $reason }
slip-not-written = Не удалось записать листок в { $path }: { $reason }
slip-not-opened = Листок сделан, но открыть его не удалось: { $reason }
slip-no-printer = На этом компьютере нет команды печати (lp): откройте листок и напечатайте его из программы просмотра.
slip-not-printed = Принтер не принял листок: { $reason }
slip-opened = Листок открыт в программе просмотра PDF ({ $path }).
slip-printed = Листок отправлен на печать.
slip-saved = Листок сохранён: { $path }
