# Справка командной строки (`--help`). Английский текст — это src/cli/args.rs, у него нет файла: `cargo test`
# перечисляет каждый недостающий здесь текст вместе с английским оригиналом. Ключи: cli-help-<команда>-<параметр>
# (cli-help-codes-create-until), у общих параметров — без команды (cli-help-server), у значений — с именем
# значения (cli-help-codes-list-status-active). Имена параметров, значений и команд не переводятся.

## Заголовки и слова самого clap
cli-help-heading-usage = Использование
cli-help-heading-commands = Команды
cli-help-heading-arguments = Аргументы
cli-help-heading-options = Параметры
cli-help-heading-possible-values = Возможные значения
cli-help-heading-exit-status = Коды выхода
cli-help-heading-environment = Переменные окружения
cli-help-placeholder-options = ПАРАМЕТРЫ
cli-help-placeholder-command = КОМАНДА
cli-help-spec-default = по умолчанию
cli-help-spec-env = переменная окружения
cli-help-spec-possible-values = возможные значения
cli-help-flag-help = Показать справку
cli-help-flag-help-more = Показать справку (подробнее: --help)
cli-help-flag-help-summary = Показать справку (кратко: -h)
cli-help-flag-version = Показать версию
cli-help-help-about = Показать эту справку или справку по указанной команде

## Коды выхода и переменные окружения
cli-help-exit-0 = готово
cli-help-exit-1 = ошибка вызова: неверный параметр, нет пароля, нет --yes без терминала, неизвестный номер
cli-help-exit-2 = сервер отказал (неверные данные, слишком много кодов, нет прав); причина — в stderr
cli-help-exit-3 = вход не выполнен, или сервер больше не принимает вход (HTTP 401)
cli-help-exit-4 = сервер недоступен или не дал пригодного ответа (сеть, сертификат, ошибка сервера)
cli-help-exit-5 = --all-accounts: часть учётных записей прочитать не удалось (каждая названа в stderr); остальные прочитаны
cli-help-exit-6 = серверу нужна более новая версия Visitor Desk (HTTP 409); версия AIPIX, которую знает эта, — в stderr
cli-help-exit-7 = slip, codes send: код истёк или отозван и больше не открывает дверь (slip --force печатает его с пометкой)
cli-help-env-visitor-desk-password = пароль, когда команда входит на сервер (login, --server/--login, watch); без него пароль спросят в терминале
cli-help-env-visitor-desk-smtp-password = пароль почтового сервера: mail set сохраняет его в связке ключей (иначе его читает --password-stdin); codes send и mail test берут его на этот запуск вместо сохранённого
cli-help-env-visitor-desk-config-dir = папка файла настроек вместо папки настроек системы
cli-help-env-visitor-desk-renderer = чем рисовать окно, как --renderer: auto, wgpu или glow (графический API wgpu выбирает WGPU_BACKEND)
cli-help-env-visitor-desk-text-scale = насколько крупно окно рисует текст (от 0.5 до 3), вместо масштаба текста рабочего стола (GNOME, через портал)
cli-help-env-rust-log = что писать в журнал на stderr (например, warn, visitor_desk=debug)
cli-help-env-visitor-desk-data-dir = папка журналов (в её папке journal) вместо папки данных системы
cli-help-env-wgpu-backend = единственный графический API, который пробует wgpu: vulkan, gl (dx12 в Windows)
cli-help-env-lc-all = язык, когда его не назвали ни --lang, ни выбор в самом приложении (затем LC_MESSAGES, затем LANG)
cli-help-env-lc-messages = язык, как LC_ALL
cli-help-env-lang = язык, как LC_ALL
cli-help-env-xdg-config-home = в Linux: куда идут настройки без VISITOR_DESK_CONFIG_DIR (в её папку visitor-desk)
cli-help-env-xdg-data-home = в Linux: куда идут журналы без VISITOR_DESK_DATA_DIR (в её папку visitor-desk)
cli-help-env-xdg-runtime-dir = в Linux: где сокет открытого окна, через который второй запуск на той же учётной записи передаёт ему дело
cli-help-env-dbus-session-bus-address = сеансовая шина: хранилище ключей (Secret Service) для сохранённых входов, уведомления, окно сохранения и масштаб текста рабочего стола

## Программа и общие параметры
cli-help-about = Коды посетителей для домофонов AIPIX VMS
cli-help-long-about = Коды посетителей для домофонов AIPIX VMS.

    Без команды открывает окно. Команды работают с той же учётной записью из терминала: они используют вход, сохранённый командой `visitor-desk login` (а без него — вход окна, в системном хранилище ключей), или входят на один запуск с --server и --login. Таблицы — для людей; в скриптах используйте --format json или csv.
cli-help-demo = Запустить встроенный демо-сервер, войти на него и открыть второе рабочее место, которое создаёт и отзывает коды
cli-help-new-instance = Открыть ещё одно окно, даже если окно этой учётной записи уже открыто (иначе этот запуск выводит то окно на передний план, передаёт ему эти параметры и завершается)
cli-help-renderer = Чем рисовать окно. auto находит способ, который работает на этом компьютере; остальные — для компьютера, где он выбрал плохо
cli-help-renderer-auto = первый из графических API wgpu, который здесь рисует (в Windows — Direct3D 12, Vulkan, затем OpenGL; в Linux — Vulkan, затем OpenGL), иначе OpenGL через glow
cli-help-renderer-wgpu = wgpu с графическим API, который он выберет сам (или с тем, что названо в WGPU_BACKEND: dx12, vulkan, gl)
cli-help-renderer-glow = OpenGL через glow, без wgpu (старые драйверы видеокарты, удалённые сеансы)
cli-help-servers = С --demo: запустить столько демо-серверов и войти на каждый в одном окне
cli-help-sparse = С --demo: демо-серверы не присылают или присылают пустым значением то, что приложения производителя считают необязательным (с зерном)
cli-help-server = Адрес сервера, например https://vms.example.org. Для окна: заполнить экран входа. Для команды: вместе с --login войти только на этот запуск (пароль из VISITOR_DESK_PASSWORD или с клавиатуры), не трогая сохранённый вход
cli-help-login = Логин, вместе с --server
cli-help-account = Сохранённая учётная запись с этим именем (как её называет список учётных записей окна), с её сохранённым входом, вместо последней использованной
cli-help-ca-file = При входе: доверять сертификатам сервера, выданным центрами сертификации из этого файла PEM
cli-help-pin-sha256 = При входе: доверять только сертификату сервера с этим отпечатком SHA-256 (шестнадцатеричные цифры, можно через двоеточие)
cli-help-allow-insecure-http = Входить на сервер http:// на другом компьютере: пароль и коды пойдут по сети без шифрования. Без этого параметра такой вход запрещён (адресам этого компьютера разрешение не нужно)
cli-help-end-session = При входе, если у учётной записи слишком много сеансов: завершить этот (номер или его начало из таблицы, которую печатает отказ) и войти
cli-help-lang = Язык (например, ru, en) вместо выбранного в приложении или языка системы

## Команды
cli-help-login-about = Войти и сохранить вход в системном хранилище ключей для следующих команд: собственный сеанс командной строки, отдельный от сеанса окна
cli-help-logout-about = Завершить сохранённый вход командной строки: на сервере и в хранилище ключей. Окно остаётся в системе
cli-help-intercoms-about = Показать домофоны учётной записи
cli-help-intercoms-format-table = Выровненные столбцы, местное время: для людей
cli-help-intercoms-format-json = Один массив JSON с объектами сервера
cli-help-intercoms-format-csv = Для скриптов: строка заголовков, затем по строке на объект, каждое значение как есть; время в UTC (RFC 3339)
cli-help-intercoms-format-excel = CSV для Excel, как его пишет экспорт окна: метка порядка байтов, разделитель списков языка, местное время, а коды дверей и текст, похожий на формулу, защищены (="08583", ведущий ') и электронная таблица показывает их как есть. Не для скриптов
cli-help-codes-about = Показать, создать, отозвать и отправить коды посетителей

cli-help-codes-list-about = Показать все коды на сервере (и истёкшие тоже) или только выбранные --intercom и --status
cli-help-codes-list-intercom = Только коды этого домофона
cli-help-codes-list-status = Только коды в этом состоянии; можно несколько (--status active,expiring)
cli-help-codes-list-status-active = Действует, срок ещё не подходит к концу
cli-help-codes-list-status-expiring = В последней четверти своего срока или в последний час, если код дан на четыре часа и больше
cli-help-codes-list-status-expired = Больше не действует; виден в списке, пока сервер не удалит его, через сутки после истечения
cli-help-codes-list-format-table = Выровненные столбцы, местное время: для людей
cli-help-codes-list-format-json = Один массив JSON с объектами сервера
cli-help-codes-list-format-csv = Для скриптов: строка заголовков, затем по строке на объект, каждое значение как есть; время в UTC (RFC 3339)
cli-help-codes-list-format-excel = CSV для Excel, как его пишет экспорт окна: метка порядка байтов, разделитель списков языка, местное время, а коды дверей и текст, похожий на формулу, защищены (="08583", ведущий ') и электронная таблица показывает их как есть. Не для скриптов
cli-help-codes-list-all-accounts = Коды всех сохранённых учётных записей с сохранённым входом, прочитанные одновременно, одним списком со столбцом учётной записи

cli-help-codes-create-about = Создать код и вывести его (а с --format json — весь объект кода с его номером)
cli-help-codes-create-intercom = Домофон, который открывает код
cli-help-codes-create-title = Для кого код
cli-help-codes-create-until = Срок действия по местному времени, "ГГГГ-ММ-ДД ЧЧ:ММ" (позже, чем сейчас)
cli-help-codes-create-valid-for = Сколько действует с этого момента, например 30m, 4h, 2h30m, 1d
cli-help-codes-create-format-code = Только код, одной строкой
cli-help-codes-create-format-json = Весь объект кода, с его номером
cli-help-codes-create-yes = Создать код, действующий дольше обычного (max_expiry_days), не спрашивая; без терминала иначе отказ

cli-help-codes-revoke-about = Отозвать коды по номерам. С терминалом сначала спрашивает; без него нужен --yes
cli-help-codes-revoke-ids = Номера кодов (как их показывает `codes list`)
cli-help-codes-revoke-yes = Отозвать, не спрашивая

cli-help-journal-about = Вывести журнал этого компьютера (кто что сделал и когда) для последней учётной записи или для --server/--login
cli-help-journal-since = Только записи начиная с этого дня (2025-01-31), местного времени (2025-01-31 14:05) или момента RFC 3339
cli-help-journal-until = Только записи до этого дня (2025-01-31, включая весь день), местного времени (2025-01-31 14:05) или момента RFC 3339
cli-help-journal-format-table = Выровненные столбцы, местное время: для людей
cli-help-journal-format-json = Один массив JSON с записями, время в UTC (RFC 3339): для программ
cli-help-journal-format-csv = Строка заголовков, затем по строке на запись, в местном времени и на языке приложения: для людей и электронных таблиц
cli-help-journal-output = Записать в этот файл, а не в терминал
cli-help-journal-force = Заменить файл --output, если он есть (иначе спросить в терминале, а скрипту отказать)
cli-help-journal-bom = Начать CSV с метки порядка байтов, для Excel

cli-help-codes-send-about = Отправить код по электронной почте через почтовый сервер учётной записи (задаётся в настройках окна): сообщение с адресом и подъездом, его QR-код в письме, листок для посетителя во вложении PDF
cli-help-codes-send-code-id = Номер кода (как его показывает `codes list`)
cli-help-codes-send-to = Адрес электронной почты посетителя
cli-help-codes-send-size = Бумага вложенного листка
cli-help-codes-send-size-a6 = Открытка A6, 105 × 148 мм
cli-help-codes-send-size-receipt = Чековая лента 80 мм, длиной с листок
cli-help-codes-send-size-a4 = Лист A4
cli-help-slip-about = Сделать листок для посетителя (PDF): домофон, код, срок действия, как им пользоваться, QR-код
cli-help-slip-code-id = Номер кода (как его показывает `codes list`)
cli-help-slip-size-a6 = Открытка A6, 105 × 148 мм
cli-help-slip-size-receipt = Чековая лента 80 мм, длиной с листок
cli-help-slip-size-a4 = Лист A4
cli-help-slip-output = Куда записать PDF
cli-help-slip-force = Заменить файл, если он есть (иначе спросить в терминале, а скрипту отказать), и сделать листок истёкшего или отозванного кода с пометкой «ИСТЁК» или «ОТОЗВАН» (иначе отказ с кодом выхода 7)

# Ожидаемые посетители (expected)
cli-help-mail-about = Почтовый сервер учётной записи для отправки кодов по почте: задать, показать, отправить проверочное письмо. Те же настройки, что «Почтовый сервер…» в окне; пароль хранится в связке ключей, никогда не в файле
cli-help-mail-set-about = Задать почтовый сервер учётной записи (не указанное остаётся как было). Пароль читается из VISITOR_DESK_SMTP_PASSWORD или из stdin с --password-stdin (никогда из параметра) и хранится в связке ключей, как его хранит окно
cli-help-mail-set-host = Имя почтового сервера (оно должно быть в его сертификате) или адрес
cli-help-mail-set-port = Его порт (по умолчанию 587 для starttls, 465 для tls)
cli-help-mail-set-security = Как шифруется соединение (без шифрования нельзя)
cli-help-mail-set-security-starttls = Сначала открыто, затем STARTTLS до всего остального (порт 587); сервер без него отвергается
cli-help-mail-set-security-tls = TLS с первого байта (порт 465)
cli-help-mail-set-mail-login = Логин на почтовом сервере
cli-help-mail-set-sender-name = Имя отправителя, как его прочтёт посетитель («Приёмная на Портовой»)
cli-help-mail-set-sender-address = Адрес отправителя
cli-help-mail-set-mail-ca-file = Доверять сертификату почтового сервера, если его выдал центр из этого файла (PEM), а не центры системы
cli-help-mail-set-mail-pin-sha256 = Доверять только сертификату почтового сервера с этим отпечатком SHA-256 (шестнадцатеричный, двоеточия можно)
cli-help-mail-set-system-roots = Снова доверять центрам сертификации системы (по умолчанию)
cli-help-mail-set-password-stdin = Прочитать пароль из первой строки stdin (когда VISITOR_DESK_SMTP_PASSWORD не задана)
cli-help-mail-show-about = Показать почтовый сервер учётной записи (никогда не пароль: только есть ли он в связке ключей)
cli-help-mail-show-format = Как выводятся настройки
cli-help-mail-show-format-text = По настройке в строке: для людей
cli-help-mail-show-format-json = Один объект JSON, как в файле настроек, с `password_kept`
cli-help-mail-test-about = Отправить проверочное письмо через почтовый сервер учётной записи: принимает ли он логин и отправителя
cli-help-mail-test-to = Кому отправить проверочное письмо (по умолчанию на адрес самого отправителя)
cli-help-expected-about = Ожидаемые посетители: кто придёт; хранятся на этом компьютере (на сервер ничего не отправляется), пока не придут, и тогда `arrive` делает им код
cli-help-expected-add-about = Добавить ожидаемого посетителя учётной записи (его хранит её журнал на этом компьютере)
cli-help-expected-add-name = Имя посетителя
cli-help-expected-add-flat = Квартира (или офис), куда он идёт
cli-help-expected-add-company = Его компания
cli-help-expected-add-host = К кому он идёт
cli-help-expected-add-intercom = Домофон, который откроет его код (иначе указывается при приходе)
cli-help-expected-add-day = День визита: 2026-12-07, 07.12.2026, сегодня, завтра (по умолчанию сегодня)
cli-help-expected-add-from = С какого времени его ждут, местное время (14:00)
cli-help-expected-add-to = До какого времени его ждут, местное время; до тех пор действует его код
cli-help-expected-add-format-table = Выровненные столбцы: для людей
cli-help-expected-add-format-json = Один массив JSON посетителей, время в UTC
cli-help-expected-add-format-csv = Строка заголовков, затем по строке на посетителя: для скриптов
cli-help-expected-import-about = Добавить посетителей из файла CSV (UTF-8 или Windows-1251, разделитель , или ;) или XLSX, первая строка которого называет столбцы (Имя, Квартира, Компания, К кому, Домофон, Дата, С, По, Время, Примечание; или по-английски). Сообщает, как прочитан каждый столбец и какие строки пропущены и почему
cli-help-expected-import-file = Файл CSV или XLSX
cli-help-expected-import-dry-run = Только сказать, что будет добавлено и пропущено; ничего не добавлять
cli-help-expected-import-columns = Какое поле заполняет каждый столбец, в порядке файла, вместо чтения заголовков: одно из `name flat company host intercom day from to window note` на столбец, `-` (или ничего) для неиспользуемого столбца, как в `name,flat,-,day`
cli-help-expected-import-format = Как выводятся добавленные посетители
cli-help-expected-import-format-table = Выровненные столбцы: для людей
cli-help-expected-import-format-json = Один массив JSON посетителей, время в UTC
cli-help-expected-import-format-csv = Строка заголовков, затем по строке на посетителя: для скриптов
cli-help-expected-list-about = Список посетителей, ожидаемых сегодня (или в день --day), и что с каждым
cli-help-expected-list-day = День: 2026-12-07, 07.12.2026, сегодня, завтра (по умолчанию сегодня)
cli-help-expected-list-days = Столько дней начиная с --day (по умолчанию 1)
cli-help-expected-list-search = Только посетители, в имени, квартире, компании или «к кому» которых есть этот текст (е и ё не различаются, регистр тоже)
cli-help-expected-list-format-table = Выровненные столбцы: для людей
cli-help-expected-list-format-json = Один массив JSON посетителей, время в UTC
cli-help-expected-list-format-csv = Строка заголовков, затем по строке на посетителя: для скриптов
cli-help-expected-arrive-about = Посетитель пришёл: сделать ему код (с именем и квартирой в названии, до конца его окна, иначе на 4 часа), вывести его и отметить приход. Посетителю, уже получившему код, показывается его код
cli-help-expected-arrive-id = Номер посетителя (как его показывает `expected list`)
cli-help-expected-arrive-intercom = Домофон кода, для посетителя, добавленного без домофона (или вместо его домофона)
cli-help-expected-arrive-format-code = Только код, одной строкой
cli-help-expected-arrive-format-json = Весь объект кода, с его номером

cli-help-watch-about = Следить за каналом обновлений сохранённого входа (или входа с --server/--login на этот запуск) и выводить по объекту JSON в строке на каждое событие, каждый с `at` (UTC), пока SIGINT или SIGTERM не завершат его последней строкой `stopped`
cli-help-watch-password = Больше не принимается: пароль в аргументах виден всем пользователям компьютера (`ps`). Пароль берётся из VISITOR_DESK_PASSWORD или вводится с клавиатуры
cli-help-watch-auth-paths = Адрес авторизации канала вместо обычных; повторите, чтобы пробовать несколько по порядку
cli-help-watch-all-accounts = Следить сразу за всеми сохранёнными учётными записями с сохранённым входом; каждая строка называет свою учётную запись

cli-help-sim-about = Запустить симулятор сервера AIPIX отдельно, с демо-данными, пока не прервут. Только для демонстраций и тестов.
cli-help-sim-listen = Адрес, на котором принимать соединения (с --servers — первый; остальные на следующих портах). Любой, кроме адреса самого компьютера (127.0.0.1, ::1), выставляет в сеть демо-учётные записи со входом по незашифрованному http.
cli-help-sim-servers = Сколько независимых серверов запустить, у каждого свой порт, пользователи и данные
cli-help-sim-accounts = Держать на каждом сервере ещё столько учётных записей, user1, user2 и т. д., пароль каждой — её логин
cli-help-sim-codes-per-account = Дать каждой учётной записи ещё столько кодов (предел кодов поднимается, чтобы они поместились)
cli-help-sim-users = Пользователь в виде LOGIN:PASSWORD; повторите для нескольких. По умолчанию: demo:demo
cli-help-sim-code-limit = Сколько кодов может быть у одной учётной записи одновременно
cli-help-sim-no-demo-data = Запустить без демонстрационных домофонов и кодов
cli-help-sim-captcha = Спрашивать капчу при каждом входе
cli-help-sim-max-sessions = Сколько сеансов может быть у учётной записи, прежде чем вход ответит «слишком много сеансов»
cli-help-sim-delay-ms = Задерживать каждый ответ API на столько миллисекунд (чтобы увидеть медленный сервер)
cli-help-sim-legacy-pushes = Говорить по каналу обновлений так, как проект угадывал до чтения кода производителя, а не как настоящий сервер AIPIX
cli-help-sim-sparse = Не присылать или присылать пустым значением, наугад, каждое поле, которое приложения производителя считают необязательным (то же зерно — те же данные)
cli-help-sim-require-version = Отвечать 409 («обновите приложение») клиенту, который не присылает такой `X-Version`
cli-help-sim-per-page-max = Отклонять (422) per_page больше N, как сервер, который его проверяет, вместо того чтобы отдавать не больше 100
cli-help-sim-sessions-as-array = Отвечать на «слишком много сеансов» (419) голым массивом сеансов — второй вид ответа, который читают приложения производителя

## Ошибки в вызове (слова clap)
cli-error = ошибка
cli-error-quoted = «{ $text }»
cli-error-tip = подсказка
cli-error-more = Подробнее: { $help }
cli-error-repeated = параметр { $arg } можно указать только один раз
cli-error-conflict = параметр { $arg } нельзя указывать вместе с
cli-error-command-conflict = команду { $command } нельзя указывать вместе с
cli-error-conflict-others = другими указанными параметрами
cli-error-no-equals = значение { $arg } нужно указать через знак равенства
cli-error-value-missing = для { $arg } нужно значение, а оно не указано
cli-error-invalid-value = недопустимое значение { $value } для { $arg }
cli-error-possible-values = возможные значения
cli-error-unknown-command = неизвестная команда { $command }
cli-error-missing-arguments = не указаны обязательные аргументы:
cli-error-missing-command = для { $command } нужна команда, а она не указана
cli-error-commands = команды
cli-error-extra-value = лишнее значение { $value } для { $arg }: больше значений не ждали
cli-error-value-count = для { $arg } нужно значений: { $wanted }, а указано: { $given }
cli-error-unknown-argument = неизвестный аргумент { $arg }
cli-error-similar = есть похожее: { $names }
