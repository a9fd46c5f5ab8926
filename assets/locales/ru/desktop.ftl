# Что рабочее место сообщает за пределами своего окна: уведомления рабочего стола (и те же слова в окне, если на
# рабочем столе нет службы уведомлений), и второй запуск, передающий дело уже открытому окну.

desktop-app-name = Visitor Desk

## Вызов с домофона
desktop-call-summary = Звонят в «{ $intercom }»
desktop-call-body = Вызов в { $time }
desktop-call-body-address = Вызов в { $time } · { $address }
desktop-call-no-codes = Коды у этой двери не действуют.
desktop-action-show = Показать
desktop-action-make-code = Создать код
desktop-action-open-door = Открыть дверь

## Коды, созданные и отозванные на другом рабочем месте
desktop-code-made-summary = Новый код на другом рабочем месте
desktop-code-made-body = { $title } · { $intercom } · действует до { $until }
desktop-codes-revoked-summary = { $count ->
    [one] На другом рабочем месте отозван { $count } код
    [few] На другом рабочем месте отозвано { $count } кода
    [many] На другом рабочем месте отозвано { $count } кодов
   *[other] На другом рабочем месте отозвано { $count } кода
}

## Напоминания
desktop-expires-soon-summary = Код для «{ $title }» перестанет действовать в { $time }
desktop-expires-soon-body = { $intercom }. Продлите его, чтобы посетитель смог войти.
desktop-action-extend = Продлить…
desktop-expired-holding-summary = Истёкший код всё ещё занимает место
desktop-expired-holding-body = Код «{ $title }» ({ $intercom }) истёк в { $time }, но учитывается в лимите учётной записи ({ $limit }), пока сервер его не удалит. Отзовите его, чтобы освободить место.
desktop-action-revoke = Отозвать

## Живые обновления
desktop-live-lost-summary = Живые обновления прервались
desktop-live-lost-body = С { $time } коды, созданные на других рабочих местах, и вызовы с домофонов сюда не доходят. Рабочее место продолжает переподключаться.

## Одна копия на учётную запись
desktop-already-open-summary = Visitor Desk уже открыт
desktop-already-open-body = Его окно для { $account } открыто: нажмите здесь, чтобы показать его.

## Шквал: после нескольких уведомлений одного рода за минуту остальные за эту минуту — одним уведомлением
desktop-storm-calls = { $count ->
    [one] Ещё { $count } вызов у дверей { $account }
    [few] Ещё { $count } вызова у дверей { $account }
    [many] Ещё { $count } вызовов у дверей { $account }
   *[other] Ещё { $count } вызова у дверей { $account }
}
desktop-storm-codes-made = { $count ->
    [one] Ещё { $count } код создан на другом рабочем месте ({ $account })
    [few] Ещё { $count } кода созданы на другом рабочем месте ({ $account })
    [many] Ещё { $count } кодов созданы на другом рабочем месте ({ $account })
   *[other] Ещё { $count } кода созданы на другом рабочем месте ({ $account })
}
desktop-storm-codes-revoked = { $count ->
    [one] Ещё { $count } код отозван на другом рабочем месте ({ $account })
    [few] Ещё { $count } кода отозваны на другом рабочем месте ({ $account })
    [many] Ещё { $count } кодов отозваны на другом рабочем месте ({ $account })
   *[other] Ещё { $count } кода отозваны на другом рабочем месте ({ $account })
}
desktop-storm-expires-soon = { $count ->
    [one] Ещё { $count } код ({ $account }) перестанет действовать в ближайшие 15 минут
    [few] Ещё { $count } кода ({ $account }) перестанут действовать в ближайшие 15 минут
    [many] Ещё { $count } кодов ({ $account }) перестанут действовать в ближайшие 15 минут
   *[other] Ещё { $count } кода ({ $account }) перестанут действовать в ближайшие 15 минут
}
desktop-storm-holding-slot = { $count ->
    [one] Ещё { $count } истёкший код ({ $account }) всё ещё занимает место
    [few] Ещё { $count } истёкших кода ({ $account }) всё ещё занимают места
    [many] Ещё { $count } истёкших кодов ({ $account }) всё ещё занимают места
   *[other] Ещё { $count } истёкшего кода ({ $account }) всё ещё занимают места
}
desktop-storm-live-lost = { $count ->
    [one] Живые обновления { $account } прерывались ещё { $count } раз
    [few] Живые обновления { $account } прерывались ещё { $count } раза
    [many] Живые обновления { $account } прерывались ещё { $count } раз
   *[other] Живые обновления { $account } прерывались ещё { $count } раза
}
desktop-storm-body = Когда за минуту их так много, о них сообщается вместе. В окне видны все.
