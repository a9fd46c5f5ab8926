# Сообщения командной строки для людей (stderr и таблицы). JSON, CSV и выведенный код не переводятся.

## Ошибки
cli-failed = visitor-desk: { $message }
cli-no-runtime = не удалось запустить асинхронную среду: { $error }
cli-backend-stopped = Фоновая служба неожиданно остановилась.
cli-output-failed = Не удалось вывести результат: { $error }

## Вход и выход
cli-not-signed-in = Вход не выполнен. Войдите командой `visitor-desk login --server URL --login ЛОГИН` или укажите --server и --login (с VISITOR_DESK_PASSWORD), чтобы войти на один запуск.
cli-sign-in-ended = Сеанс завершён. Войдите снова: `visitor-desk login --server URL --login ЛОГИН`.
cli-kept-sign-in-refused = Сервер больше не принимает сохранённый вход; он забыт. Войдите снова: `visitor-desk login --server URL --login ЛОГИН`.
cli-login-cannot-be-kept = Здесь нет системного хранилища паролей, чтобы сохранить вход ({ $warning }): `login` ничего не сохраняет, поэтому вход не выполнен: указывайте --server и --login (с VISITOR_DESK_PASSWORD) в каждой команде.
cli-keyring-check-stopped = Проверка хранилища ключей прервалась: { $error }
cli-need-server-and-login = Укажите и --server, и --login (или ни того, ни другого, чтобы использовать сохранённый вход).
cli-login-needs-account = Для `login` нужны --server URL и --login ЛОГИН.
cli-unknown-account = Нет сохранённой учётной записи «{ $name }». Сохранённые учётные записи: { $names }.
cli-no-saved-accounts = Нет сохранённой учётной записи «{ $name }»: ни одна ещё не сохранена. Сначала войдите: `visitor-desk login --server URL --login ЛОГИН`.
cli-account-not-signed-in = Вход в учётную запись «{ $name }» не выполнен. Войдите: `visitor-desk login --account "{ $name }"`.
cli-no-account-signed-in = Ни в одну сохранённую учётную запись вход не выполнен. Войдите: `visitor-desk login --server URL --login ЛОГИН` (для каждой учётной записи).
cli-keyring-unreachable = Системное хранилище ключей недоступно, и сохранённый вход не прочесть ({ $reason }). Запустите команду в сеансе рабочего стола, где есть хранилище (из cron передайте ей DBUS_SESSION_BUS_ADDRESS того сеанса), или войдите на один запуск с --server, --login и VISITOR_DESK_PASSWORD.
cli-account-not-read = { $name }: не прочитана. { $reason }
cli-not-every-account-read = Не удалось прочитать учётных записей: { $failed } из { $total } (названы выше); остальные выведены.
cli-no-account-read = Не удалось прочитать ни одной учётной записи из { $total } (названы выше).
cli-account-stopped = { $name }: больше не отслеживается. { $reason }
cli-no-password = Нет пароля: задайте VISITOR_DESK_PASSWORD или запустите команду в терминале, чтобы ввести его.
cli-password-prompt = Пароль для { $login } на { $server }:
cli-unreadable-password = Не удалось прочитать пароль: { $error }
cli-signed-in = Вход на { $server } как { $login } выполнен. Вход командной строки сохранён в системном хранилище ключей отдельно от входа окна: `visitor-desk logout` завершит его, а окно останется в системе.
cli-signed-out = Выход из { $server } ({ $login }) выполнен: собственный вход командной строки завершён на сервере и забыт здесь. Вход окна, если он есть, не затронут.
cli-logout-window-only = У командной строки нет своего входа для { $login } на { $server }: команды пользовались входом окна, и logout его не трогает. Чтобы завершить тот сеанс, выйдите в окне.
cli-captcha-required = Сервер просит ввести капчу ({ $reason }). Войдите один раз в окне (`visitor-desk`) и повторите.
cli-too-many-sessions = Для этой учётной записи открыто слишком много сеансов. Выйдите на другом устройстве или войдите в окне, которое может завершить один из них.
cli-untrusted-certificate = { $message }
    Если это сертификат вашего сервера, доверьтесь ему: --pin-sha256 { $sha256 } (или укажите его центр сертификации: --ca-file).
cli-bad-pin = «{ $given }» — не отпечаток SHA-256: нужно 64 шестнадцатеричные цифры, парами через двоеточие или подряд.
cli-trust-options-for-commands = --ca-file и --pin-sha256 — для команд; для окна используйте раздел «Дополнительно» на экране входа.
cli-watch-sign-in-failed = вход не удался: { $error }
cli-live-channel-stopped = канал обновлений остановлен
cli-live-session-ended = сеанс завершён в другом месте (с другого устройства или администратором)

## Коды
cli-bad-until = --until «{ $given }»: укажите местные дату и время в виде "ГГГГ-ММ-ДД ЧЧ:ММ" (YYYY-MM-DD HH:MM).
cli-nonexistent-local-time = --until «{ $given }»: такого времени здесь нет (в этот момент переводят часы).
cli-bad-duration = --for «{ $given }» — это не срок: укажите его так: 30m, 4h, 2h30m или 1d.
cli-language-not-available = Языка «{ $asked }» нет; дальше на языке «{ $speaking }». Есть: { $available }.
cli-until-in-the-past = --until «{ $given }» уже прошло: код должен действовать до более позднего времени.
cli-no-such-until = --until «{ $given }»: такой даты или времени нет (этого дня или часа нет в календаре).
cli-long-code-needs-yes = Код будет действовать дольше обычного. Без терминала спросить некого: добавьте --yes, чтобы всё равно создать его.
cli-duration-not-fixed = --for «{ $given }»: укажите недели, дни, часы или минуты (у месяцев и лет нет постоянной длины).
cli-duration-not-positive = --for «{ $given }»: код должен действовать хоть сколько-то от текущего момента.
cli-created = Код { $code } для «{ $title }» на «{ $intercom }», действует до { $until }.
cli-slip-written = Листок с кодом { $code } записан в { $path }.
cli-unknown-intercom = У этой учётной записи нет домофона с id { $id }.
cli-unknown-slip-code = У этой учётной записи нет кода с id { $id }: листок не из чего сделать.
cli-slip-expired = Код { $code } (id { $id }) истёк в { $at }: он больше не открывает дверь, листок не сделан. С --force листок печатается с пометкой «ИСТЁК».
cli-slip-revoked = Код { $code } (id { $id }) отозван в { $at }: он больше не открывает дверь, листок не сделан. С --force листок печатается с пометкой «ОТОЗВАН».
cli-slip-void-written = Листок с кодом { $code } записан в { $path } с пометкой: { $mark }.
cli-create-anyway = Всё равно создать? [y/N]
cli-nothing-made = Ничего не создано.
cli-full-expired = { $count ->
    [one] { $count } код учётной записи истёк, но учитывается, пока сервер его не удалит: `visitor-desk codes revoke { $ids } --yes` освободит место.
    [few] { $count } кода учётной записи истекли, но учитываются, пока сервер их не удалит: `visitor-desk codes revoke { $ids } --yes` освободит место.
    [many] { $count } кодов учётной записи истекли, но учитываются, пока сервер их не удалит: `visitor-desk codes revoke { $ids } --yes` освободит место.
   *[other] { $count } кода учётной записи истекли, но учитываются, пока сервер их не удалит: `visitor-desk codes revoke { $ids } --yes` освободит место.
}
cli-full-none-expired = Отзовите ненужный код (`visitor-desk codes list`, затем `visitor-desk codes revoke ID`), чтобы освободить место.
cli-unknown-codes = { $count ->
    [one] У этой учётной записи нет кода с id { $ids }. Ничего не отозвано.
   *[other] У этой учётной записи нет кодов с id { $ids }. Ничего не отозвано.
}
cli-revoke-needs-yes = Перед отзывом команда спрашивает подтверждение, а терминала нет: добавьте --yes. Ничего не отозвано.
cli-revoke-question = { $count ->
    [one] Отозвать { $count } код? Он сразу перестанет открывать дверь. [y/N]
    [few] Отозвать { $count } кода? Они сразу перестанут открывать дверь. [y/N]
    [many] Отозвать { $count } кодов? Они сразу перестанут открывать дверь. [y/N]
   *[other] Отозвать { $count } кода? Они сразу перестанут открывать дверь. [y/N]
}
# Ответы на вопрос «да/нет», означающие «да», через запятую.
cli-answers-yes = y, yes, д, да
cli-nothing-revoked = Ничего не отозвано.
cli-revoked = { $count ->
    [one] Отозван { $count } код.
    [few] Отозвано { $count } кода.
    [many] Отозвано { $count } кодов.
   *[other] Отозвано { $count } кода.
}
cli-no-codes = Кодов нет.
cli-no-intercoms = Домофонов нет.

## Заголовки и ячейки таблиц
cli-header-id = ID
cli-header-code = КОД
cli-header-title = НАЗВАНИЕ
cli-header-intercom = ДОМОФОН
cli-header-status = СТАТУС
cli-header-valid-until = ДЕЙСТВУЕТ ДО
cli-header-address = АДРЕС
cli-header-entrance = ПОДЪЕЗД
cli-header-online = В СЕТИ
cli-header-account = УЧЁТНАЯ ЗАПИСЬ
cli-yes = да
cli-no = нет
cli-intercom-confirmed = подтверждён
cli-intercom-not-confirmed = не подтверждён
cli-intercom-disabled = отключён

## Окно, демо и симулятор
cli-no-settings-folder = Папка настроек не найдена: профили не будут сохранены.
cli-window-failed = не удалось показать окно: { $error }
cli-window-tried = Испробовано: { $tried }
cli-window-advice = Обновите драйвер видеокарты или запустите с --renderer glow (или задайте VISITOR_DESK_RENDERER=glow); в удалённом или виртуальном сеансе попробуйте на самом компьютере. Команды (visitor-desk codes list, codes create, …) работают и без окна.
cli-demo-server = Демо-сервер: { $url }
    {"  "}логин: { $login }  пароль: { $password }
    Другое окно может подключиться: visitor-desk --server { $url } --login { $login }
cli-sim-listening = Симулятор AIPIX слушает { $url }
cli-sim-listening-site = Симулятор AIPIX слушает { $url } ({ $site })
cli-sim-user = {"  "}логин: { $login }  пароль: { $password }
cli-sim-accounts = {"  "}и { $count ->
    [one] учётная запись user1
   *[other] учётные записи user1 … user{ $count }
}, пароль каждой — её логин
cli-sim-stop = Нажмите Ctrl-C, чтобы остановить.
cli-sim-exposed = Внимание: симулятор слушает { $addr }, и к нему могут подключиться другие компьютеры. Симулятор — только для демонстраций и тестов: его учётные записи (demo/demo, если не задано --user) входят по незашифрованному http.
cli-no-data-folder = Не найдена папка для данных: журнал вестись не будет.

## visitor-desk mail
mail-test-subject = Visitor Desk: проверочное письмо
mail-test-body = Это проверочное письмо от Visitor Desk. Почтовый сервер { $server } принял его от логина { $login }: отсюда будут приходить коды, отправленные по почте.
mail-cli-no-account = Чей почтовый сервер? Войдите один раз (`visitor-desk login` или в окне) или назовите учётную запись: --account (или --server и --login).
mail-cli-not-set = Для { $account } не задан почтовый сервер. Задайте его командой visitor-desk mail set (или кнопкой «Почтовый сервер…» в окне).
mail-cli-no-settings = Нет папки для файла настроек (задайте VISITOR_DESK_CONFIG_DIR).
mail-cli-set = Почтовый сервер { $account }: { $server }.
mail-cli-password-kept = Его пароль сохранён в связке ключей.
mail-cli-no-keyring = Пароль не сохранить: связка ключей не ответила ({ $why }). Настройки сохранены; пароль можно давать на каждый запуск через VISITOR_DESK_SMTP_PASSWORD.
mail-cli-password-unreadable = Пароль не прочитать (нужен текст в UTF-8).
mail-cli-password-empty = Первая строка stdin пуста: пароль не дан.
mail-cli-test-sent = Проверочное письмо отправлено на { $address }. Сервер ответил: { $answer }
mail-cli-field-account = Учётная запись
mail-cli-field-server = Сервер
mail-cli-field-login = Логин
mail-cli-field-sender = Отправитель
mail-cli-field-certificate = Сертификат
mail-cli-field-password = Пароль
mail-cli-trust-system = центры сертификации системы
mail-cli-trust-ca-file = выдан центром из { $path }
mail-cli-trust-pinned = только сертификат с SHA-256 { $sha256 }
mail-cli-password-in-keyring = сохранён в связке ключей
mail-cli-password-none = не сохранён (visitor-desk mail set с VISITOR_DESK_SMTP_PASSWORD или «Почтовый сервер…» в окне)
mail-cli-password-no-keyring = неизвестно: связка ключей не ответила
