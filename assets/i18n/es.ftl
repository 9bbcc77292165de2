# pve-ha-wizard — español.
# Términos de la interfaz web de Proxmox VE en español: clúster, nodo, almacenamiento, alta disponibilidad.

## Línea de órdenes
cli-about = De tres nodos de Proxmox VE recién instalados a un clúster de alta disponibilidad, paso a paso. Acompaña el curso «Virtualització als centres educatius amb LliureX i Proxmox» (A. R. Vicente Boix, J. Estellés Dasi).
cli-about-lab = Arranca el laboratorio de prácticas: nodos de Proxmox VE simulados en este ordenador, sin hardware.
cli-about-run = Lleva los nodos de un plan hasta un clúster con quórum, paso a paso.
cli-about-practice = Ensaya el curso en un laboratorio de prácticas arrancado solo para ello.
cli-about-upload = Sube una imagen ISO más a un clúster de un plan, con su suma de comprobación; muestra su ID de volumen.
cli-about-watch = Observa el clúster de un plan: nodos, dónde funciona cada servicio de HA, cada cambio con su hora y lo que tardó una conmutación.
cli-about-join-info = Lee o escribe el texto de información de unión de la interfaz web (Centro de datos > Clúster > Información de unión).
prompt-password = Contraseña de { $user } en { $node }: 
prompt-totp = Código TOTP (6 cifras) de { $user } en { $node }: 

## Pasos
step-connect = Paso 0 · Conectar con los nodos
step-hostnames = Paso 1 · Comprobar los nombres de los nodos y los requisitos
step-create-cluster = Paso 2 · Crear el clúster
step-join = Paso 3 · Unir los demás nodos
step-storage = Paso 4 · Añadir el NAS como almacenamiento compartido
step-iso = Paso 5 · Subir una imagen ISO al NAS
step-vm = Paso 6 · Crear una MV en el NAS y arrancarla
step-ha = Paso 7 · Poner la MV en alta disponibilidad
step-replication = Paso 9 · Replicar el disco de la MV al otro nodo
status-done = Hecho.
status-already-done = Ya estaba hecho: no hay nada que cambiar.

## Progreso
connecting = Conectando con { $node }…
connected = Conectado con { $node }: nodo { $name }, Proxmox VE { $version }.
cert-confirmed = El certificado de { $node } cambió al unirse al clúster; { $by } confirma el nuevo ({ $fingerprint }). Es de confianza.
cert-not-known = { $node } aún no está en la lista de nodos de confianza: se comprobará su certificado con la huella del plan.
cert-known-changed = { $node } presenta un certificado distinto del que se conocía: se comprobará con la huella del plan.
node-trusted = { $node } (nodo { $name }) es de confianza a partir de ahora, con el certificado { $fingerprint }.
creating-cluster = Creando el clúster «{ $cluster }» en { $node } (Centro de datos > Clúster > Crear clúster)…
cluster-created = El clúster «{ $cluster }» existe y tiene quórum.
join-information = Información de unión del clúster «{ $cluster }» (el mismo texto que Centro de datos > Clúster > Información de unión > Copiar información):
joining = Uniendo { $node } a «{ $cluster }» a través de { $member }…
joined = { $node } ya es miembro de «{ $cluster }».
adding-storage = Añadiendo el almacenamiento «{ $id }»: recurso NFS { $server }:{ $export }, para imágenes de disco e imágenes ISO, en todos los nodos (Centro de datos > Almacenamiento > Agregar > NFS)…
storage-active = El almacenamiento «{ $id }» está activo en todos los nodos: todos ven los mismos discos e imágenes ISO.
iso-hashing = Calculando la suma de comprobación (SHA-256) de { $file } ({ $size } bytes), que el nodo verificará…
iso-uploading = Subiendo { $volid } a través de { $node } (nodo > NAS > Imágenes ISO > Subir)…
iso-downloading = { $node } descarga { $url } como { $volid } (nodo > NAS > Imágenes ISO > Descargar desde URL)…
transfer-progress = { $percent } % · { $sent } de { $total } MB · { $rate } MB/s · quedan { $seconds } s
iso-stored = { $volid } está en el NAS, comprobada por su suma: todos los nodos pueden usarla.
vm-creating = Creando la MV { $vmid } «{ $name }» en { $node }, con su disco en { $storage } y la imagen ISO en su unidad de CD (Crear VM)…
vm-starting = Arrancando la MV { $vmid } en { $node }…
vm-running = La MV { $vmid } «{ $name }» funciona en { $node }.
ha-adding = Añadiendo { $sid } al gestor de HA: estado pedido started, { $max_restart } reinicio(s) en su nodo y luego { $max_relocate } traslado(s) a otro (Centro de datos > HA > Recursos > Agregar)…
ha-group-adding = Creando el grupo de HA { $group } con los nodos { $nodes } (Centro de datos > HA > Grupos; Proxmox VE 8)…
ha-rule-adding = Creando la regla de afinidad de nodo { $rule } con los nodos { $nodes } (Centro de datos > HA > Reglas de afinidad; Proxmox VE 9)…
replication-adding = Creando la tarea de replicación { $id } hacia { $target }, planificación { $schedule } (MV > Replicación > Agregar)…
replication-waiting = Esperando la primera copia de { $id } ({ $node } mira cada minuto si tiene alguna pendiente)…
replication-synced = { $id }: el disco ya está también en { $target }, y se volverá a copiar según { $schedule }. Si { $target } tiene que tomar el relevo, como mucho se habrá perdido un intervalo de datos.
ha-waiting = Esperando a que el gestor de HA tome { $sid } (mira cada 10 segundos)…
ha-status-line = HA: { $line }
watch-node-up = el nodo { $node } está en línea
watch-node-down = el nodo { $node } ha desaparecido (apagado o inalcanzable)
watch-service = servicio de HA { $sid }: { $state } en { $node }
watch-recovered = { $sid } vuelve a funcionar, en { $to }: { $seconds } s después de perder { $from }.
watch-start = Observando el clúster (Ctrl+C para): nodos, servicios de HA y cada cambio, con su hora.
quorate = El clúster «{ $cluster }» tiene quórum con { $members } miembros en línea.

## Comprobaciones
check-names-distinct = Cada nodo tiene su propio nombre: { $names }.
check-duplicate-name = { $first } y { $second } se llaman los dos «{ $name }».
fix-duplicate-name = Dé otro nombre a { $node }: edite su /etc/hostname y /etc/hosts (cambie «{ $name }») y reinícielo. Hágalo antes de crear el clúster: un miembro no se puede renombrar.
check-hosts-ok = En /etc/hosts, { $name } apunta a { $address }, la dirección del propio nodo.
check-hosts-loopback = En /etc/hosts de { $node }, «{ $name }» apunta a { $address }, una dirección de bucle local (la predeterminada de Debian). Los demás nodos no podrían encontrarlo.
check-hosts-other = En /etc/hosts de { $node }, «{ $name }» apunta a { $address }, que no es ninguna de sus direcciones.
check-hosts-missing = El archivo /etc/hosts de { $node } no menciona «{ $name }».
fix-hosts-line = En { $node } (Shell, o Sistema > Hosts en la interfaz web), deje la línea de { $name } así: { $address } { $name }.
check-versions-same = Todos los nodos tienen la misma versión principal de Proxmox VE ({ $version }).
check-version-mismatch = { $node } tiene Proxmox VE { $version }, pero { $first } tiene { $first_version }.
fix-version-mismatch = Actualice { $node } (o los demás) para que todos los nodos tengan la misma versión principal, y vuelva a comprobarlo.
check-joinable = Ningún nodo está en otro clúster, y los nodos que se unirán no tienen máquinas virtuales ni contenedores.
check-in-other-cluster = { $node } ya pertenece a otro clúster, «{ $cluster }».
fix-in-other-cluster = Use un nodo que no esté en ningún clúster (lo más sencillo es una instalación nueva), o saque antes { $node } de su clúster.
check-storage-taken = Ya hay un almacenamiento llamado «{ $id }», con una configuración distinta de la del plan.
fix-storage-taken = Dé otro ID al NAS en el plan, o mire Centro de datos > Almacenamiento > { $id } y elimínelo si nada lo usa.
check-storage-inactive = El almacenamiento «{ $id }» existe pero no está activo en { $nodes }.
fix-storage-inactive = Compruebe que el NAS { $server } está encendido y que su recurso NFS permite las direcciones de los nodos.
check-nas-exports = El NAS { $server } comparte { $export }.
check-nas-export-missing = El NAS { $server } no comparte { $export }; comparte: { $offered }.
fix-nas-export-missing = Ponga en el plan una de las carpetas compartidas, o comparta esa carpeta por NFS en la configuración del NAS para la red de los nodos.
check-ha-node-unknown = { $node }, de [ha] nodes, no es miembro del clúster (miembros: { $members }).
fix-ha-node-unknown = Escriba en [ha] nodes los nombres de los nodos tal como los muestra Centro de datos, o quite la lista para que la MV pueda ir a cualquier nodo.
check-replication-zfs = { $drive } ({ $volid }) está en ZFS: se puede replicar.
check-replication-not-zfs = { $drive } ({ $volid }) está en { $storage }, de tipo { $kind }: Proxmox VE solo replica discos de ZFS.
fix-replication-not-zfs = La replicación es para dos nodos sin NAS, con el disco de la MV en ZFS (local-zfs, si el nodo se instaló sobre ZFS). Un disco en el NAS no necesita copia: use la alta disponibilidad (paso 7).
check-replication-target = { $target } no puede guardar la copia: tiene que ser otro miembro del clúster que no sea { $node } (miembros: { $members }).
fix-replication-target = Escriba en [replication] target el nombre de otro nodo del clúster, no el de { $node }, donde ya está la MV.
check-nas-unreachable = El NAS { $server } no responde como servidor NFS ({ $message }).
fix-nas-unreachable = Compruebe la dirección del NAS ({ $server }), que está encendido y en la red de los nodos, y que tiene el servicio NFS activado.
check-iso-other-size = { $volid } ya está, pero su tamaño ({ $stored } bytes) no coincide con el del archivo ({ $size } bytes).
fix-iso-other-size = Se sustituirá por el archivo del plan. Si es otra imagen que casualmente se llama igual, cambie antes el nombre de su archivo.
check-vmid-taken = El ID { $vmid } ya es de otra MV («{ $name }»).
fix-vmid-taken = Quite vmid de la sección [vm] del plan (se usará el siguiente ID libre), o elija uno libre.
check-vm-stopped = La MV { $vmid } «{ $name }» existe pero está parada: se arrancará.
check-guests = { $node } tiene { $count ->
    [one] una máquina virtual o contenedor
   *[other] { $count } máquinas virtuales o contenedores
}; un nodo que se une a un clúster no debe tener ninguno.
fix-guests = Haga una copia de seguridad de las máquinas de { $node }, muévalas al primer nodo o elimínelas, y vuelva a comprobarlo.
check-clocks-agree = Los relojes de los nodos coinciden.
check-clock-skew = El reloj de { $node } está a { $seconds } segundos del de { $first }.
fix-clock-skew = Sincronice los relojes con NTP: en { $node }, compruebe que chrony funciona (Sistema > Hora en la interfaz web muestra la hora).
check-few-nodes = El plan tiene { $count } nodos. La alta disponibilidad necesita al menos tres, para que quede una mayoría cuando falla uno.
fix-few-nodes = Añada un tercer nodo para la alta disponibilidad; con dos nodos, el curso propone la replicación del almacenamiento.

## Errores
err-invalid-address = «{ $address }» no es una dirección IP ni un nombre de máquina. Escriba solo la dirección, por ejemplo 192.168.1.11, sin https:// ni puerto.
err-connect = No se puede llegar a { $node } ({ $detail }). Compruebe que el nodo está encendido, que la dirección y el puerto (8006) son correctos y que este ordenador está en la misma red.
err-cert-changed = El certificado de { $node } no es el que aceptó (aceptado { $pinned }, ahora { $seen }). No se le ha enviado nada. Si ha reinstalado el nodo, compare la nueva huella con su interfaz web (Sistema > Certificados) y actualice el plan; si no, alguien podría estar suplantando al nodo.
err-cert-unconfirmed = El certificado de { $node } ha cambiado ({ $seen }) y ningún miembro de confianza del clúster lo confirma. No se le ha enviado nada. Compare la huella con la interfaz web del nodo (Sistema > Certificados).
err-timeout = { $node } no ha respondido a tiempo { $method } { $path }. Puede que esté ocupado: espere un momento y vuelva a intentarlo.
err-transport = La conexión con { $node } se ha cortado ({ $detail }). Puede que el cambio se haya hecho: compruébelo antes de reintentar.
err-login-failed = { $node } no ha aceptado el inicio de sesión de { $user }. Compruebe el usuario (con su dominio, por ejemplo root@pam) y la contraseña.
err-totp = { $node } pide un código TOTP para { $user }. Escriba el código de 6 cifras que muestra ahora su aplicación de autenticación.
err-session = { $node } ha cerrado la sesión ({ $message }). Vuelva a iniciar sesión.
err-forbidden = { $node } lo ha rechazado: { $message }. Inicie sesión como root@pam, o dé el permiso al usuario.
err-no-quorum = { $node } no tiene quórum ({ $message }): sin la mayoría de los nodos en línea, el clúster no acepta ningún cambio. Encienda los nodos que faltan y espere a que vuelvan.
err-parameters = { $node } ha rechazado la petición: { $message }
err-api = { $node } ha respondido con un error ({ $status }): { $message }
err-decode = { $node } ha respondido { $path } de una forma inesperada ({ $detail }). ¿Es un nodo de Proxmox VE, versión 8 o 9?
err-task = La tarea en { $node } ha fallado: { $message }
err-task-timeout = La tarea en { $node } sigue ejecutándose después de { $seconds } segundos. Mire su registro en la interfaz web (Tareas, abajo).
err-cancelled = Cancelado. Lo que ya se había enviado todavía puede terminar en el nodo.
err-cluster-name = «{ $name }» no puede ser el nombre de un clúster. Use de 1 a 15 letras, cifras o guiones, que empiecen y terminen por letra o cifra (por ejemplo «escola»). No se podrá cambiar después.
err-duplicate-address = { $address } aparece dos veces en el plan. Ponga cada nodo una sola vez.
err-fingerprint = «{ $text }» no es la huella de un certificado. Cópiela de la interfaz web del nodo (Sistema > Certificados): 32 parejas de cifras hexadecimales separadas por dos puntos.
err-user = «{ $user }» no es un usuario. Escríbalo con su dominio, por ejemplo root@pam.
err-too-few-nodes = Un clúster necesita al menos dos nodos, y la alta disponibilidad tres; el plan tiene { $count }.
err-storage-id = «{ $id }» no puede ser un ID de almacenamiento: empiece por una letra, siga con letras, cifras, «-», «_» o «.», y acabe en letra o cifra (por ejemplo NAS).
err-storage-export = «{ $export }» no es una carpeta compartida: escriba la ruta exportada del NAS tal cual, empezando por «/» (por ejemplo /mnt/pool/proxmox).
err-iso-file = { $file } no es una imagen ISO que se pueda leer. Compruebe la ruta en el plan (relativa a la carpeta del plan) y que el nombre acaba en .iso o .img.
err-iso-without-storage = Una imagen ISO va al NAS: añada una sección [storage] al plan, o quite la sección [iso].
err-iso-url = «{ $url }» no es la dirección web de una imagen ISO: empieza por http:// o https:// y acaba en el nombre de la imagen (.iso o .img).
err-checksum = «{ $checksum }» no es una suma SHA-256: 64 cifras hexadecimales, como las da la página de descarga.
err-iso-source = La sección [iso] indica un archivo (file = …) o una dirección web (url = …), una de las dos.
err-vm-name = «{ $name }» no puede ser el nombre de una MV: use letras, cifras y guiones (puntos entre partes), sin espacios.
err-vm-memory = { $memory } MiB no es una memoria utilizable para una MV: dé al menos 16 MiB (512 sobra para un Linux pequeño).
err-vm-disk = { $disk } GiB no es un tamaño de disco utilizable: dé al menos 1 GiB.
err-vm-id = { $vmid } no es un ID de MV: van de 100 a 999999999 (o quite vmid).
err-vm-without-storage = El disco de la MV va al NAS: añada una sección [storage] al plan, indique un almacenamiento propio en [vm] (storage = "local-zfs"), o quite la sección [vm].
err-replication-without-vm = La replicación copia el disco de la MV del plan: añada una sección [vm], o quite la sección [replication].
err-replication-on-nas = El disco de la MV va al NAS { $storage }, y la replicación solo copia discos de ZFS entre dos nodos sin NAS. Con NAS, use la alta disponibilidad ([ha]); sin él, ponga el disco en ZFS con storage = "local-zfs" en la sección [vm] y quite la sección [storage].
err-replication-target = «{ $target }» de [replication] target no es un nombre de nodo: use el nombre de host del nodo que guardará la copia (por ejemplo pve2).
err-replication-schedule = «{ $schedule }» no es una planificación que Proxmox VE entienda ({ $detail }). Use, por ejemplo, */30 (cada 30 minutos), */15, hourly o 22:30.
err-ha-without-vm = La alta disponibilidad cuida la MV del plan: añada una sección [vm], o quite la sección [ha].
err-ha-limits = max_restart ({ $max_restart }) y max_relocate ({ $max_relocate }) van de 0 a 10; el curso usa 1 y 1.
err-ha-node-name = «{ $node }» de [ha] nodes no es un nombre de nodo: use el nombre de host de cada nodo (por ejemplo pve1), tal como lo muestra Centro de datos en la interfaz web.
err-ha-node-twice = «{ $node }» aparece dos veces en [ha] nodes: ponga cada nodo una sola vez.
err-plan = El plan { $file } no se puede usar: { $detail }
err-joininfo-empty = No se ha pegado nada. En el primer nodo, abra Centro de datos > Clúster > Información de unión, haga clic en Copiar información y péguela aquí.
err-joininfo-garbage = Esto no es información de unión. Cópiela con el botón Copiar información de Centro de datos > Clúster > Información de unión en un miembro del clúster, y péguela entera.
err-joininfo-no-totem = Este texto no contiene la configuración del clúster (totem). Copie la información de unión de un nodo que ya esté en un clúster.
err-joininfo-address = La información de unión no tiene ninguna dirección IP válida del miembro. Vuelva a copiarla de la interfaz web del miembro.
err-joininfo-fingerprint = La información de unión no tiene ninguna huella válida. Vuelva a copiarla de la interfaz web del miembro.
err-missing-password = No hay contraseña para { $user } en { $node }. Guárdela en el llavero, defina PVE_PASSWORD o ejecútelo en un terminal para que se la pida.
err-preconditions = { $count ->
    [one] Primero hay que resolver un problema (véalo arriba).
   *[other] Primero hay que resolver { $count } problemas (véalos arriba).
}
err-not-verified = El cambio en { $node } no se ve al volver a leerlo ({ $what }). Mire la interfaz web del nodo y vuelva a ejecutarlo.
err-out-of-order = Primero hay que hacer el paso «{ $needs }».
err-unknown-node = No hay ningún nodo llamado «{ $name }» entre los del plan. Use el nombre que tiene el nodo en la interfaz web (pve1, pve2…).
err-known-nodes-read = No se puede leer la lista de nodos de confianza { $path } ({ $detail }). Corríjala o bórrela: el asistente volverá a comprobar los certificados con las huellas del plan.
err-known-nodes-write = No se puede guardar la lista de nodos de confianza { $path } ({ $detail }). Compruebe que la carpeta existe y que puede escribir en ella.
err-runtime = Error interno: { $detail }
err-stdin = No se puede leer la entrada estándar: { $detail }
err-lab = El laboratorio de prácticas no puede arrancar: { $detail }
err-scenario = Escenario desconocido «{ $name }». Los conocidos: { $known }.

## Laboratorio de prácticas
lab-ready = Laboratorio de prácticas listo: { $nodes } nodos de Proxmox VE simulados.
lab-nas = NAS (servidor NFS): { $server }, comparte { $exports }
lab-control = Panel de control (apagar y encender nodos, desconectar su red): { $url }, con la cabecera «Authorization: Bearer { $token }»
lab-login = Inicie sesión como { $user } con la contraseña { $password }.
lab-totp = Segundo factor: secreto TOTP { $secret } (añádalo a una aplicación de autenticación).
lab-plan-written = Plan escrito en { $file }: ejecútelo con «pve-ha-wizard run --plan { $file }».
lab-stop-hint = Pulse Ctrl+C para detener el laboratorio.
