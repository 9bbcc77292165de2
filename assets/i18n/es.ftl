# pve-ha-wizard — español.
# Términos de la interfaz web de Proxmox VE en español: clúster, nodo, almacenamiento, alta disponibilidad.

## Línea de órdenes
cli-about = De tres nodos de Proxmox VE recién instalados a un clúster de alta disponibilidad, paso a paso. Acompaña el curso «Virtualització als centres educatius amb LliureX i Proxmox» (A. R. Vicente Boix, J. Estellés Dasi).
cli-about-lab = Arranca el laboratorio de prácticas: nodos de Proxmox VE simulados en este ordenador, sin hardware.
cli-about-run = Lleva los nodos de un plan hasta un clúster con quórum, paso a paso.
cli-about-practice = Ensaya el curso en un laboratorio de prácticas arrancado solo para ello.
cli-about-upload = Sube una imagen ISO más a un clúster de un plan, con su suma de comprobación; muestra su ID de volumen.
cli-about-watch = Observa el clúster de un plan: nodos, dónde funciona cada servicio de HA, cada cambio con su hora y lo que tardó una conmutación.
cli-about-fix-hosts = Pone el nombre de cada nodo en su propia dirección en su /etc/hosts, tras mostrar el cambio.
hosts-fix-none = El nombre de cada nodo está en su propia dirección en su /etc/hosts: nada que corregir.
hosts-fix-shown = El /etc/hosts de { $node } cambiaría (Sistema > Hosts en la interfaz web):
hosts-fix-removed = −  { $line }
hosts-fix-added = +  { $line }
hosts-fix-ask = ¿Se escribe? Teclee s e Intro para sí, solo Intro para no.
hosts-fix-written = El /etc/hosts de { $node } está escrito; vuelva a ejecutar el paso 1.
hosts-fix-left = El /etc/hosts de { $node } queda como estaba.
cli-about-join-info = Lee o escribe el texto de información de unión de la interfaz web (Centro de datos > Clúster > Información de unión).
cli-about-window = Sin ninguna orden, abre la ventana de escritorio: los mismos pasos, una página cada uno.
prompt-password = Contraseña de { $user } en { $node }: 
prompt-totp = Código TOTP (6 cifras) de { $user } en { $node }: 

## Pasos
step-connect = Paso 0 · Conectar con los nodos
step-hostnames = Paso 1 · Comprobar los nombres de los nodos y los requisitos
step-create-cluster = Paso 2 · Crear el clúster
step-join = Paso 3 · Unir los demás nodos
step-storage = Paso 4 · Añadir el NAS como almacenamiento compartido
step-iso = Paso 5 · Subir una imagen ISO
step-vm = Paso 6 · Crear una MV y arrancarla
step-ha = Paso 7 · Poner la MV en alta disponibilidad
step-replication = Paso 9 · Replicar el disco de la MV al otro nodo
status-done = Hecho.
status-already-done = Ya estaba hecho: no hay nada que cambiar.

## Progreso
connecting = Conectando con { $node }…
connected = Conectado con { $node }: nodo { $name }, Proxmox VE { $version }.
still-connected = Sigue conectado a { $node }: nodo { $name }.
cert-confirmed = El certificado de { $node } cambió al unirse al clúster; { $by } confirma el nuevo ({ $fingerprint }). Es de confianza.
cert-not-known = { $node } aún no está en la lista de nodos de confianza: se comprobará su certificado con la huella del plan.
cert-known-changed = { $node } presenta un certificado distinto del que se conocía: se comprobará con la huella del plan.
node-trusted = { $node } (nodo { $name }) es de confianza a partir de ahora, con el certificado { $fingerprint }.
creating-cluster = Creando el clúster «{ $cluster }» en { $node } (Centro de datos > Clúster > Crear clúster)…
cluster-created = El clúster «{ $cluster }» existe y tiene quórum.
join-information = Información de unión del clúster «{ $cluster }» (el mismo texto que Centro de datos > Clúster > Información de unión > Copiar información):
joining = Uniendo { $node } a «{ $cluster }» a través de { $member }…
joined = { $node } ya es miembro de «{ $cluster }».
half-joined-removing = { $node } figura en «{ $cluster }» pero no terminó de unirse: se apagó o perdió la red a medio proceso. { $first } quita la entrada inacabada, y { $node } vuelve a unirse.
check-half-joined-no-quorum = { $node } figura en «{ $cluster }» pero no terminó de unirse, y sin su voto { $first } ha perdido el quórum: ahora el clúster no puede cambiar nada.
fix-half-joined-no-quorum = Abra la consola de { $first } (en la interfaz web: { $first } > Shell), ejecute «pvecm expected 1» y vuelva a ejecutar este paso: el asistente quitará la entrada inacabada y volverá a unir el nodo.
adding-storage = Añadiendo el almacenamiento «{ $id }»: recurso NFS { $server }:{ $export }, para imágenes de disco e imágenes ISO, en todos los nodos (Centro de datos > Almacenamiento > Agregar > NFS)…
storage-active = El almacenamiento «{ $id }» está activo en todos los nodos: todos ven los mismos discos e imágenes ISO.
iso-hashing = Calculando la suma de comprobación (SHA-256) de { $file } ({ $size } bytes), que el nodo verificará…
iso-checksum-published = { $file } va con el SHA-256 publicado junto a ella: se lee una sola vez, se comprueba mientras se envía y el nodo lo verifica.
iso-uploading = Subiendo { $volid } a través de { $node } (nodo > { $storage } > Imágenes ISO > Subir)…
iso-downloading = { $node } descarga { $url } como { $volid } (nodo > { $storage } > Imágenes ISO > Descargar desde URL)…
transfer-progress = { $percent } % · { $sent } de { $total } MB · { $rate } MB/s · quedan { $seconds } s
iso-stored = { $volid } está en { $storage }, compartido por los nodos, y comprobada por su suma: todos los nodos pueden usarla.
iso-stored-local = { $volid } está en { $storage }, comprobada por su suma. { $storage } es el disco propio de { $node }: solo una MV de { $node } puede arrancar desde ella; para los demás, ponga la imagen en un almacenamiento compartido (el NAS).
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
fix-duplicate-name = Dé otro nombre a { $node }, por ejemplo { $free }: en su Shell (el nodo > Shell en la interfaz web) teclee  hostnamectl set-hostname { $free }  después  sed -i 's/\b{ $name }\b/{ $free }/g' /etc/hosts  después  reboot, y vuelva a ejecutar este paso cuando vuelva. Hágalo antes de crear el clúster: un miembro no se puede renombrar.
check-hosts-ok = En /etc/hosts, { $name } apunta a { $address }, la dirección del propio nodo.
check-hosts-loopback = En /etc/hosts de { $node }, «{ $name }» apunta a { $address }, una dirección de bucle local (la predeterminada de Debian). Los demás nodos no podrían encontrarlo.
check-hosts-other = En /etc/hosts de { $node }, «{ $name }» apunta a { $address }, que no es ninguna de sus direcciones.
check-hosts-missing = El archivo /etc/hosts de { $node } no menciona «{ $name }».
fix-hosts-line = En { $node } (Shell, o Sistema > Hosts en la interfaz web), deje la línea de { $name } así: { $address } { $name }. O deje que el asistente lo escriba, tras mostrarle el cambio: pve-ha-wizard fix-hosts --plan <su plan>.
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
check-ha-vm-unknown = El clúster no tiene ninguna MV { $vmid }. Sus MV son: { $vms }.
check-ha-vm-unknown-none = El clúster no tiene ninguna MV { $vmid }, ni todavía ninguna otra MV.
fix-ha-vm-unknown = Indique el ID de una de las MV del clúster (en la interfaz web, el número que precede a su nombre en el árbol), o ninguno para la MV del paso 6; después aplique de nuevo el paso.
check-ha-ready = La MV { $vmid } también puede funcionar en { $nodes }: sus discos y su imagen de CD están en almacenamiento compartido y no usa ningún dispositivo de su nodo.
check-ha-local-disk = La MV { $vmid } tiene { $volid } en un almacenamiento que solo tiene { $node }: ningún otro nodo llega a ese disco, así que HA no podría arrancar la MV en otro sitio.
fix-ha-local-disk = Mueva el disco al NAS (MV { $vmid } > Hardware > el disco > Acción de disco > Mover almacenamiento, destino NAS) y vuelva a ejecutar este paso.
check-ha-local-cdrom = La unidad de CD de la MV { $vmid } tiene { $volid }, que solo tiene { $node }: la MV no podría arrancar en otro nodo.
fix-ha-local-cdrom = Ponga en la unidad una imagen del NAS, o ninguna (MV { $vmid } > Hardware > Unidad CD/DVD > Editar, «No usar ningún medio») y vuelva a ejecutar este paso.
check-ha-local-resources = La MV { $vmid } usa dispositivos del propio { $node } ({ $resources }): otro nodo no los tiene.
fix-ha-local-resources = Quítelos en MV { $vmid } > Hardware antes de poner la MV bajo HA (o asigne cada dispositivo en todos los nodos, en Centro de datos > Asignaciones de recursos).
check-ha-storage-unavailable = { $node } no puede usar { $storages }, donde la MV { $vmid } tiene una unidad: la MV no podría funcionar allí.
fix-ha-storage-unavailable = En Centro de datos > Almacenamiento > { $storages } > Editar, añada { $node } a Nodos (o elija Todos los nodos).
check-ha-few-votes = El clúster tiene { $votes } votos de quórum: con menos de tres, los nodos que quedan al perder uno no tienen quórum, y HA no puede arrancar la MV en ninguna parte.
fix-ha-few-votes = Una un tercer nodo (o añada un QDevice, un voto externo) antes de contar con HA.
check-replication-zfs = { $drive } ({ $volid }) está en ZFS: se puede replicar.
check-replication-not-zfs = { $drive } ({ $volid }) está en { $storage }, de tipo { $kind }: Proxmox VE solo replica discos de ZFS.
fix-replication-not-zfs = La replicación es para dos nodos sin NAS, con el disco de la MV en ZFS (local-zfs, si el nodo se instaló sobre ZFS). Un disco en el NAS no necesita copia: use la alta disponibilidad (paso 7).
check-replication-target = { $target } no puede guardar la copia: tiene que ser otro miembro del clúster que no sea { $node } (miembros: { $members }).
fix-replication-target = Escriba en [replication] target el nombre de otro nodo del clúster, no el de { $node }, donde ya está la MV.
check-nas-unreachable = El NAS { $server } no responde como servidor NFS ({ $message }).
fix-nas-unreachable = Compruebe la dirección del NAS ({ $server }), que está encendido y en la red de los nodos, y que tiene el servicio NFS activado.
check-iso-other-size = { $volid } ya está, pero su tamaño ({ $stored } bytes) no coincide con el del archivo ({ $size } bytes).
fix-iso-other-size = Se sustituirá por el archivo del plan. Si es otra imagen que casualmente se llama igual, cambie antes el nombre de su archivo.
check-iso-no-room-tmp = { $node } tiene { $free } MB libres en su sistema de archivos raíz, y la imagen necesita ahí { $size } MB: el nodo guarda una subida en /var/tmp hasta almacenarla (y una copia en local está en el mismo disco).
fix-iso-no-room-tmp = Libere espacio en { $node } (en la interfaz web: { $node } > local > Imágenes ISO o Copias de seguridad, quite lo que ya no haga falta), o envíe la imagen a través de otro nodo («A través del nodo» en la página de la ISO; [iso] node en un plan).
check-iso-no-room-storage = { $storage } tiene { $free } MB libres, y la imagen necesita { $size } MB.
fix-iso-no-room-storage = Libere espacio en { $storage } (quite imágenes ISO o copias de seguridad antiguas), o elija otro almacenamiento para la imagen ([iso] storage en el plan).
check-vmid-taken = El ID { $vmid } ya es de otra MV («{ $name }»).
fix-vmid-taken = Quite vmid de la sección [vm] del plan (se usará el siguiente ID libre), o elija uno libre.
check-vm-stopped = La MV { $vmid } «{ $name }» existe pero está parada: se arrancará.
check-vm-unfinished = La VM { $vmid } de { $node } quedó a medio crear (su creación se interrumpió y sigue bloqueada con «create»): se elimina, con sus discos, antes de volver a crear la VM.
vm-unfinished-removing = Eliminando la VM a medio crear { $vmid } de { $node }, con los discos que se le habían dado…
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
err-connect = No se puede llegar a { $node }. Compruebe que el nodo está encendido, que su cable de red está conectado, que la dirección y el puerto (8006) son correctos y que este ordenador está en la misma red.
err-refused = { $node } está encendido, pero nada responde en su puerto 8006: el servicio web de Proxmox VE (pveproxy) no funciona allí, o el puerto no es el correcto. En un nodo instalado a mano sobre Debian suele deberse a que su sistema de archivos del clúster (pmxcfs) no ha podido arrancar: en la consola del nodo, haga que /etc/hosts asocie su nombre a su propia dirección (no a 127.0.1.1) y reinícielo. Allí, `systemctl status pve-cluster pveproxy` dice por qué.
err-cert-changed = El certificado de { $node } no es el que aceptó (aceptado { $pinned }, ahora { $seen }). No se le ha enviado nada. Si ha reinstalado el nodo, compare la nueva huella con su interfaz web (Sistema > Certificados) y actualice el plan; si no, alguien podría estar suplantando al nodo.
err-cert-unconfirmed = El certificado de { $node } ha cambiado ({ $seen }) y ningún miembro de confianza del clúster lo confirma. No se le ha enviado nada. Compare la huella con la interfaz web del nodo (Sistema > Certificados).
err-timeout = { $node } no ha respondido a tiempo. Puede que esté ocupado, apagado o desconectado: compruebe que está encendido y con el cable conectado, espere un momento y vuelva a intentarlo.
err-transport = La conexión con { $node } se ha cortado mientras atendía la petición. Puede que el cambio se haya hecho: mire el nodo antes de reintentar.
details-line = Detalles: { $details }
err-stalled = La transferencia a { $node } se ha detenido: no ha pasado nada en { $seconds } segundos. Compruebe que el nodo está encendido y que su cable de red (y el de este ordenador) está conectado, y vuelva a intentarlo. No se guarda nada a medias en su almacenamiento.
err-login-failed = { $node } no ha aceptado el inicio de sesión de { $user }. Compruebe el usuario (con su dominio, por ejemplo root@pam) y la contraseña.
err-totp = { $node } pide un código TOTP para { $user }. Escriba el código de 6 cifras que muestra ahora su aplicación de autenticación.
err-session = { $node } ha cerrado la sesión ({ $message }). Vuelva a iniciar sesión.
err-forbidden = { $node } lo ha rechazado: { $message }. Inicie sesión como root@pam, o dé el permiso al usuario.
err-no-quorum = { $node } no tiene quórum ({ $message }): sin la mayoría de los nodos en línea, el clúster no acepta ningún cambio. Encienda los nodos que faltan y espere a que vuelvan.
err-parameters = { $node } ha rechazado la petición: { $message }
err-api = { $node } ha respondido con un error ({ $status }): { $message }
err-decode = { $node } ha respondido { $path } de una forma inesperada ({ $detail }). ¿Es un nodo de Proxmox VE, versión 8 o 9?
err-task = La tarea en { $node } ha fallado: { $message }
err-name-unresolved = { $node } no encuentra su propia dirección: su nombre '{ $name }' solo resuelve a una dirección de bucle local (127.0.1.1, la predeterminada de Debian). En la consola del nodo, edite /etc/hosts para que '{ $name }' apunte a la dirección propia del nodo y vuelva a intentarlo.
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
err-iso-not-published = { $file } no es la imagen del SHA-256 que ha indicado: la descarga está dañada, o es otra imagen, o el SHA-256 se copió mal. Vuelva a descargarla, o vuelva a copiar el SHA-256 de donde se publica la imagen, y aplique de nuevo. El nodo no ha guardado nada.
err-iso-changed = { $file } ha cambiado mientras se enviaba, así que el nodo no ha guardado nada. No toque el archivo mientras se sube y aplique de nuevo.
err-upload-mismatch = El archivo enviado a { $node } no tenía el SHA-256 con el que se enviaba, así que la subida se ha detenido antes de acabar; el nodo no guarda nada.
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
err-ha-without-vm = La alta disponibilidad cuida una MV: añada una sección [vm] para la MV del curso, o indique una MV del clúster con vmid = … en [ha]; o quite la sección [ha].
err-ha-limits = max_restart ({ $max_restart }) y max_relocate ({ $max_relocate }) van de 0 a 10; el curso usa 1 y 1.
err-ha-node-name = «{ $node }» de [ha] nodes no es un nombre de nodo: use el nombre de host de cada nodo (por ejemplo pve1), tal como lo muestra Centro de datos en la interfaz web.
err-iso-node-name = «{ $node }» no es un nombre de nodo por el que enviar la imagen: use el nombre de host del nodo (por ejemplo pve2), tal como lo muestra Centro de datos en la interfaz web, o déjelo vacío para el primer nodo.
err-ha-node-twice = «{ $node }» aparece dos veces en [ha] nodes: ponga cada nodo una sola vez.
err-plan = El plan { $file } no se puede usar: { $detail }
err-joininfo-empty = No se ha pegado nada. En el primer nodo, abra Centro de datos > Clúster > Información de unión, haga clic en Copiar información y péguela aquí.
err-joininfo-garbage = Esto no es información de unión. Cópiela con el botón Copiar información de Centro de datos > Clúster > Información de unión en un miembro del clúster, y péguela entera.
err-joininfo-no-totem = Este texto no contiene la configuración del clúster (totem). Copie la información de unión de un nodo que ya esté en un clúster.
err-generate-docs = No se han podido escribir las páginas de manual y las compleciones en { $dir }: { $detail }
err-joininfo-address = La información de unión no tiene ninguna dirección IP válida del miembro. Vuelva a copiarla de la interfaz web del miembro.
err-joininfo-fingerprint = La información de unión no tiene ninguna huella válida. Vuelva a copiarla de la interfaz web del miembro.
err-missing-password = No hay contraseña para { $user } en { $node }. Guárdela en el llavero, defina PVE_PASSWORD o ejecútelo en un terminal para que se la pida.
err-preconditions = { $count ->
    [one] Primero hay que resolver un problema (véalo arriba).
   *[other] Primero hay que resolver { $count } problemas (véalos arriba).
}
err-not-verified = El cambio en { $node } no apareció al volver a leerlo: { $what ->
        [node-name] el nombre del propio nodo
        [certificate] el certificado en el que confió
        [cluster] el clúster { $name }, con quórum
        [join-information] la información de unión
        [quorum] el quórum con todos los miembros
        [membership] el nodo, miembro del clúster con quórum
        [storage-active] el almacenamiento { $storage }, activo en todos los nodos
        [image] { $volid }, entera
        [vm] la MV { $name }
        [vm-running] la MV { $vmid }, en marcha
        [ha-placement] { $placement }, que mantiene { $sid } en sus nodos
        [ha-started] { $sid }, arrancado por el gestor de HA
        [replication] la replicación de la MV { $vmid } a { $target }
        [replication-failed] la replicación { $job }, que falla: { $error }
        [replication-copy] la primera copia de la replicación { $job }
       *[other] { $what }
    }. Mire la interfaz web del nodo y vuelva a ejecutarlo.
err-out-of-order = { $needs ->
        [connect] El paso 0 (conectar con los nodos)
        [hostnames] El paso 1 (comprobar los nombres de host)
        [create-cluster] El paso 2 (crear el clúster)
        [join] El paso 3 (unir los otros nodos)
        [storage] El paso 4 (el NAS)
        [iso] El paso 5 (la imagen ISO)
        [vm] El paso 6 (la MV)
        [ha] El paso 7 (alta disponibilidad)
        [replication] El paso 9 (replicación)
       *[other] Un paso anterior
    } debe hacerse antes.
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

## Desktop window
gui-title = pve-ha-wizard · de tres nodos de Proxmox VE a un clúster de alta disponibilidad
gui-no-window = No se puede abrir la ventana ({ $detail }). La línea de órdenes sigue funcionando: vea «pve-ha-wizard --help».
gui-language = Idioma:
gui-details = Detalles
gui-steps = Pasos
gui-start = Inicio
gui-status-todo = por hacer
gui-status-running = en marcha…
gui-status-done = hecho
gui-status-already-done = ya estaba hecho
gui-status-failed = ha fallado
gui-back = Atrás
gui-next = Siguiente
gui-apply = Aplicar
gui-apply-again = Aplicar de nuevo
gui-hosts-fix = Corregir /etc/hosts por mí…
gui-hosts-write = Escribirlo
gui-hosts-leave = Dejarlo
gui-cancel = Cancelar
gui-running = Trabajando… { $seconds } s
gui-running-lab = Trabajando… { $seconds } s (el laboratorio de prácticas va { $scale } veces más rápido que unos nodos reales)
gui-retry-hint = Corrija lo que dice el mensaje y pulse «Aplicar de nuevo»: los pasos ya hechos no se repiten.
gui-findings = Lo que ha encontrado la comprobación
gui-fix = Cómo corregirlo: { $fix }
gui-progress = Progreso
gui-task-log = Registro de la tarea
gui-start-title = Bienvenida
gui-start-intro = Este asistente lleva tres nodos de Proxmox VE recién instalados hasta un clúster, paso a paso, tal como lo hace a mano la unidad «Cluster i Alta disponibilitat» del curso «Virtualització als centres educatius amb LliureX i Proxmox» (A. R. Vicente Boix, J. Estellés Dasi). Cada paso explica qué hace y dónde haría clic en la interfaz web de Proxmox VE para hacer lo mismo.
gui-start-lab-help = ¿No tiene nodos a mano? El laboratorio de prácticas simula tres nodos de Proxmox VE en este ordenador, cada uno con su dirección y su certificado. No cambia nada fuera de este ordenador.
gui-start-lab = Laboratorio de prácticas
gui-lab-starting = Arrancando el laboratorio de prácticas…
gui-lab-speed = El reloj del laboratorio de prácticas:
gui-lab-speed-real = Tiempo real
gui-lab-speed-10 = ×10
gui-lab-speed-60 = ×60
gui-start-own-help = Sus propios nodos: tres servidores Proxmox VE recién instalados en la red del centro, y la contraseña de root de cada uno.
gui-start-own = Mis nodos de Proxmox
gui-connect-what = El asistente habla con cada nodo por HTTPS, como su navegador con la interfaz web por el puerto 8006. Cada nodo tiene su propio certificado, que no firma ninguna autoridad conocida; por eso, antes de enviar ninguna contraseña, el asistente muestra la huella digital SHA-256 del certificado para que la compare con la del propio nodo: solo entonces el nodo es de confianza.
gui-connect-web = En la interfaz web: abra https://DIRECCIÓN:8006 en un navegador, acepte el certificado y entre como root (dominio «Linux PAM standard authentication»).
gui-hostnames-what = Un clúster necesita nodos con nombres distintos, con cada nombre apuntando en /etc/hosts a la dirección del propio nodo (no a 127.0.1.1), la misma versión de Proxmox VE, relojes que coincidan, y que los nodos que se unen no tengan máquinas virtuales ni estén en otro clúster. Este paso solo lee: no cambia nada.
gui-hostnames-web = En la interfaz web: Sistema > Hosts y Sistema > Hora de cada nodo, y la página Resumen con la versión; un nombre se cambia en /etc/hostname y /etc/hosts desde la Shell del nodo.
gui-create-what = El primer nodo crea el clúster: será su primer miembro, y los demás se unirán a él. El nombre no se podrá cambiar después.
gui-create-web = En la interfaz web del primer nodo: Centro de datos > Clúster > Crear clúster, escriba el nombre y Crear.
gui-join-what = Los demás nodos se unen al clúster con la información de unión del primer nodo y su contraseña de root. Un nodo unido recibe un certificado nuevo, firmado por el clúster: el asistente confía en él solo porque el primer nodo lo confirma. Al final el clúster debe tener quórum, la mayoría de votos que le permite hacer cambios.
gui-join-web = En la interfaz web: en el primer nodo, Centro de datos > Clúster > Información de unión > Copiar información; en cada uno de los demás, Centro de datos > Clúster > Unirse al clúster, péguela, escriba la contraseña de root del primer nodo y Unir.
gui-lab-password = Los nodos del laboratorio de prácticas aceptan root@pam con la contraseña propia del laboratorio: el asistente la proporciona.
gui-keychain-ok = Las contraseñas que decida recordar se guardan en el llavero de este ordenador, nunca en un archivo.
gui-keychain-memory = En este ordenador no se puede usar ningún llavero: las contraseñas solo se guardan en memoria hasta que cierre la ventana. Nunca se escriben en un archivo.
gui-keychain-memory-why = { $reason } Las contraseñas solo se guardan en memoria hasta que cierre la ventana; nunca se escriben en un archivo.
gui-keychain-retry = Volver a probar el llavero
keychain-no-bus = Esta sesión no tiene bus de sesión D-Bus, así que no se puede llegar a ningún llavero.
keychain-no-service = En este ordenador no funciona ningún llavero: ni la Cartera de KDE ni el depósito de claves de GNOME. En LliureX, active la Cartera de KDE en Preferencias del sistema › Cartera de KDE y pulse «Volver a probar el llavero».
keychain-no-wallet-kwallet = La Cartera de KDE aún no tiene ninguna cartera (las sesiones de invitado y de alumnado no tienen). Abra el Gestor de carteras de KDE (kwalletmanager5), cree una cartera llamada «kdewallet» y pulse «Volver a probar el llavero».
keychain-no-wallet = El llavero no tiene ningún depósito de claves predeterminado (las sesiones de invitado y de alumnado no tienen). Cree uno en Contraseñas y claves (seahorse) y pulse «Volver a probar el llavero».
keychain-locked-kwallet = Su cartera de KDE ha quedado cerrada: no se dio su contraseña. Pulse «Volver a probar el llavero» y escriba la contraseña de la cartera cuando la Cartera de KDE se la pida.
keychain-locked = El llavero ha quedado bloqueado: no se dio su contraseña. Pulse «Volver a probar el llavero» y escríbala cuando se la pida.
keychain-failed = El llavero ha rechazado la operación: { $detail }
gui-node = Nodo { $number }
gui-address = Dirección
gui-address-of = Dirección del nodo { $number }
gui-user = Usuario
gui-user-of = Usuario del nodo { $number }
gui-password = Contraseña
gui-password-of = Contraseña del nodo { $number }
gui-remember = Recordarla en el llavero
gui-remember-of = Recordar la contraseña del nodo { $number } en el llavero
gui-forget = Olvidar la contraseña guardada
gui-forget-of = Olvidar la contraseña guardada del nodo { $number }
gui-remembered = La contraseña de { $account } se ha guardado en el llavero.
gui-forgotten = La contraseña de { $account } se ha olvidado.
gui-profile-not-saved = No se puede guardar dónde está para la próxima vez ({ $detail }).
gui-check-certificates = Comprobar los certificados
gui-certificate-unchecked = Aún no se ha comprobado el certificado.
gui-probing = Obteniendo el certificado…
gui-fingerprint-known = { $node } ya es de confianza, con el certificado de esta huella digital:
gui-fingerprint-seen = { $node } presenta un certificado con esta huella digital SHA-256:
gui-fingerprint-lab = El laboratorio de prácticas da esta huella para el nodo: compárelas.
gui-fingerprint-compare = Compárela con la del propio nodo antes de confiar en él: en su interfaz web, Sistema > Certificados (la línea pve-ssl.pem), o en su consola con la orden «pvenode cert info».
gui-trust = Las huellas coinciden: confiar en este certificado
gui-trust-of = Confiar en el certificado del nodo { $number }
gui-confirm-first = Primero compruebe los certificados y confirme cada huella.
gui-totp-asked = { $node } pide un segundo factor: escriba el código de 6 cifras de su aplicación de autenticación y vuelva a aplicar.
gui-totp-of = Código TOTP del nodo { $number }
gui-nodes-table = Los nodos
gui-col-name = Nombre
gui-col-address = Dirección
gui-col-version = Versión
gui-col-guests = Invitados
gui-col-cluster = Clúster
gui-col-clock = Reloj
gui-clock-offset = { $seconds } s
gui-cluster-name = Nombre del clúster:
gui-cluster-name-field = Nombre del clúster
gui-cluster-name-ok = «{ $name }» es un nombre de clúster válido.
gui-join-info-heading = Información de unión
gui-join-info-text = Texto de la información de unión
gui-join-info-wait = Aparece aquí cuando se ejecuta el paso: el mismo texto que Copiar información de la interfaz web.
gui-copy = Copiar
gui-paste-heading = Comprobar información de unión copiada de Proxmox VE
gui-paste-help = Pegue aquí el texto de Copiar información de la interfaz web de un miembro del clúster para ver qué contiene.
gui-paste-field = Información de unión pegada
gui-paste-ok = Información de unión del clúster «{ $cluster }», a través de { $address }, con un certificado de huella { $fingerprint }.
gui-quorum-yes = El clúster «{ $cluster }» tiene quórum: { $online } de { $total } miembros en línea.
gui-quorum-no = El clúster «{ $cluster }» no tiene quórum: { $online } de { $total } miembros en línea.
gui-member-online = en línea
gui-member-offline = fuera de línea
gui-recheck = Volver a comprobar este certificado
gui-recheck-of = Volver a comprobar el certificado del nodo { $number }
gui-missing-password = No hay contraseña de { $user } en { $node }. Escríbala en el campo Contraseña del nodo y vuelva a aplicar.
gui-storage-what = El NAS es un servidor de archivos en red. Añadido una sola vez, a todo el clúster (el datacenter), es compartido: todos los nodos ven los mismos archivos, y por eso una máquina virtual con el disco allí puede funcionar en cualquier nodo — la base de la alta disponibilidad. El asistente pregunta al primer nodo qué exporta el servidor, añade el recurso compartido como almacenamiento «NAS» para imágenes de disco e imágenes ISO, y comprueba que está activo en todos los nodos.
gui-storage-web = En la interfaz web: Datacenter > Storage > Add > NFS; ID «NAS», la dirección del servidor, elija la exportación, Content «Disk image, ISO image», Nodes «All», Add.
gui-storage-id = ID:
gui-storage-id-field = ID del almacenamiento
gui-storage-server = Servidor NFS:
gui-storage-server-field = Servidor NFS
gui-storage-scan = Buscar exportaciones
gui-storage-export = Exportación:
gui-storage-export-field = Exportación
gui-storage-content = Contenido:
gui-storage-content-value = Imágenes de disco, imágenes ISO
gui-storage-exports = El servidor exporta (elija una):
gui-storage-no-exports = El servidor responde pero no exporta nada para este clúster. En el NAS, exporte un directorio a la red de los nodos y vuelva a buscar.
gui-iso-what = Una máquina virtual arranca desde una imagen de instalación. El archivo ISO va al NAS, donde todos los nodos pueden leerlo: subido desde este ordenador (se envía con su suma SHA-256, que el nodo comprueba) o descargado por el propio nodo desde una dirección web. El curso usa Tiny Core Linux, un sistema de 16 MB que funciona bien en una máquina virtual pequeña.
gui-iso-web = En la interfaz web: Datacenter > el nodo > NAS > ISO Images > Upload (o Download from URL), elija el archivo, Upload.
gui-iso-from-file = Un archivo de este ordenador
gui-iso-from-url = Descargado por el nodo desde una dirección web
gui-iso-file = Archivo ISO:
gui-iso-file-field = Archivo ISO
gui-iso-choose = Elegir un archivo…
gui-iso-pick-title = Elija una imagen ISO
gui-iso-pick-filter = Imágenes ISO
gui-iso-practice = Crear una imagen ISO de prácticas
gui-iso-url = URL:
gui-iso-url-field = URL de la ISO
gui-iso-sha256 = SHA-256:
gui-iso-sha256-field = Suma de verificación SHA-256
gui-iso-sha256-help = La suma de verificación está en la página de descarga del sistema (a menudo en un archivo llamado SHA256SUMS). Con ella, el nodo rechaza un archivo dañado o distinto.
gui-iso-sha256-file-help = Opcional: el SHA-256 publicado en la página de descarga del sistema (a menudo en un archivo llamado SHA256SUMS). Con él el archivo se lee una sola vez y el nodo rechaza un archivo dañado o distinto; sin él, el asistente lo calcula antes.
gui-iso-node = A través del nodo:
gui-iso-node-field = Nodo que recibe la imagen
gui-iso-node-help = Vacío: el primer nodo. El nombre de otro nodo (pve2, por ejemplo) cuando el primero no tiene espacio en /var/tmp, donde un nodo guarda lo que se sube hasta almacenarlo.
gui-iso-volid = Se guardará como { $volid }.
gui-vm-what = Una máquina virtual pequeña, con el disco en el NAS y la imagen ISO en la unidad de CD, que se arranca enseguida. Como el disco está en un almacenamiento compartido, otro nodo puede arrancarla cuando su nodo falla.
gui-vm-web = En la interfaz web: Create VM (arriba a la derecha); General: el nombre; OS: la imagen ISO de NAS; Disks: almacenamiento NAS, formato qcow2; Memory; Network: vmbr0; Finish y después Start.
gui-vm-name = Nombre:
gui-vm-name-field = Nombre de la máquina virtual
gui-vm-memory = Memoria (MiB):
gui-vm-memory-field = Memoria en MiB
gui-vm-disk = Disco (GiB):
gui-vm-disk-field = Tamaño del disco en GiB
gui-vm-memory-number = «{ $value }» no es un número entero de MiB. Escriba la memoria como un número, por ejemplo 512.
gui-vm-disk-number = «{ $value }» no es un número entero de GiB. Escriba el tamaño del disco como un número, por ejemplo 2.
gui-vm-summary = Máquina virtual «{ $name }»: { $memory } MiB de memoria, un disco de { $disk } GiB en { $storage }.
gui-ha-what = Ahora el gestor de alta disponibilidad (HA) vigila la máquina virtual: con el estado pedido «started» la mantiene en marcha. Si falla en su nodo, se vuelve a arrancar allí (las veces de «max. restart»), después se mueve a otro nodo (las veces de «max. relocate»); si se pierde el nodo entero, el clúster lo aísla (fencing) y arranca la máquina en otro nodo.
gui-ha-web = En la interfaz web: Datacenter > HA > Resources > Add, elija la máquina, Request state «started», Max. Restart y Max. Relocate 1, Add.
gui-ha-max-restart = Max. restart:
gui-ha-max-restart-field = Máximo de reinicios
gui-ha-max-relocate = Max. relocate:
gui-ha-max-relocate-field = Máximo de reubicaciones
gui-ha-limits-help = Cada uno entre 0 y 10; el curso usa 1 y 1.
gui-ha-number = «{ $value }» no es un número entero. Escriba un número entre 0 y 10.
gui-ha-vmid = MV:
gui-ha-vmid-field = ID de la MV
gui-ha-vmid-help = Vacío: la MV del paso 6. O el ID de otra MV del clúster (el número que precede a su nombre en el árbol de la interfaz web), una que haya creado usted: antes se comprueba, como cualquier MV, si podría funcionar en otro nodo.
gui-ha-vmid-number = «{ $value }» no es un ID de MV. Escriba el número de la MV (100 o más), o deje el campo vacío para la MV del paso 6.
gui-ha-status = Estado de la alta disponibilidad
gui-col-type = Tipo
gui-col-status = Estado
gui-failover-title = Recuperación ante fallos
gui-failover-what = Ahora la prueba con la que termina el curso: apague el nodo donde funciona la máquina virtual. Los demás nodos notan que ya no está, esperan hasta que es seguro que está apagado (aislado) y arrancan la máquina en otro nodo. Tarda de dos a tres minutos — hasta cinco — y lo que la máquina tenía en memoria se pierde: vuelve a arrancar desde su disco.
gui-failover-web = En la interfaz web: Datacenter > HA muestra los mismos estados; con nodos reales, apague el nodo con su botón de encendido (o desconecte su cable de corriente).
gui-failover-watch = Vigilar el clúster
gui-failover-watching = Vigilando los nodos y los servicios de alta disponibilidad… { $seconds } s
gui-failover-stop = Dejar de vigilar
gui-failover-timeline = Qué ha pasado
gui-col-node = Nodo
gui-col-state = Estado
gui-col-services = Servicios HA
gui-col-power = Corriente
gui-power-off = Apagar
gui-power-on = Encender
gui-power-off-of = Apagar { $node }
gui-power-on-of = Encender { $node }
gui-power-failed = No se puede cambiar el estado de { $node }: { $detail }.
gui-power-no-lab = Desde aquí solo se pueden apagar los nodos del laboratorio de prácticas. Apague un nodo real con su botón de encendido.
gui-practice-iso-failed = No se puede crear la imagen ISO de prácticas ({ $detail }). Compruebe que el directorio temporal tiene espacio libre, o elija un archivo propio.
gui-failover-no-service = ningún servicio HA
gui-failover-scaled = Este laboratorio de prácticas va { $scale } veces más rápido que unos nodos reales: en un clúster real, cada tiempo que se muestra aquí dura { $scale } veces más.
gui-cert-changed = El certificado de { $node } no es el que aceptó (aceptado { $pinned }, ahora { $seen }). No se le ha enviado nada. Si se reinstaló el nodo, pulse «Volver a comprobar este certificado» en su fila y compare la huella nueva con su interfaz web (System > Certificates); si no, alguien podría estar haciéndose pasar por el nodo.
gui-start-lab-two = Dos nodos sin NAS: replicación
gui-start-own-two = Mis dos nodos de Proxmox: replicación
gui-replication-what = Sin NAS, cada nodo tiene sus propios discos, y la alta disponibilidad no puede mover la máquina virtual. Lo que propone el curso: tener el disco de la máquina en ZFS y copiarlo al otro nodo periódicamente. Si se pierde el nodo de la máquina, el otro tiene el disco tal como estaba en la última copia — como mucho se pierde un intervalo de datos — y allí se puede arrancar la máquina. Proxmox VE solo replica discos ZFS.
gui-replication-web = En la interfaz web: la máquina virtual > Replication > Add; Target: el otro nodo; Schedule: */30; Create.
gui-replication-target = Nodo de destino:
gui-replication-target-field = Nodo de destino de la replicación
gui-replication-schedule = Programación:
gui-replication-schedule-field = Programación de la replicación
gui-replication-schedule-help = Un evento de calendario, como lo escribe Proxmox VE: */30 es cada 30 minutos (lo que elige el curso), */15 cada cuarto de hora, 22:30 cada noche.
gui-replication-summary = El disco de la máquina virtual se copiará a { $target }, con la programación { $schedule }.

## El dibujo del clúster
gui-picture-title = El clúster
gui-picture-apart = { $count ->
        [one] Un nodo: aún no hay clúster.
       *[other] { $count } nodos separados: aún no hay clúster.
    }
gui-picture-cluster = Clúster { $cluster }: { $online } de { $total } { $total ->
        [one] voto
       *[other] votos
    } en línea, { $quorate ->
        [yes] con quórum
       *[no] sin quórum
    }
gui-picture-node = Nodo { $node } ({ $address }): { $online ->
        [yes] en línea
       *[no] fuera de línea
    }, { $member ->
        [yes] miembro del clúster con { $votes } { $votes ->
            [one] voto
           *[other] votos
        }
       *[no] en ningún clúster
    }
gui-picture-node-state = { $online ->
        [yes] en línea
       *[no] fuera de línea
    } · { $member ->
        [yes] { $votes } { $votes ->
            [one] voto
           *[other] votos
        }
       *[no] aparte
    }
gui-picture-vm = MV { $vmid }{ $named ->
        [yes] {" "}{ $name }
       *[no] {""}
    } en { $node }: { $running ->
        [yes] en marcha
       *[no] detenida
    }{ $ha ->
        [none] {""}
       *[other] , estado HA { $ha }
    }
gui-picture-vm-short = MV { $vmid }{ $ha ->
        [none] {""}
       *[other] {" "}· { $ha }
    }
gui-picture-nas = NAS { $server } como almacenamiento { $storage }, { $count ->
        [0] aún no lo ve ningún nodo
        [one] lo ve 1 nodo: { $nodes }
       *[other] lo ven { $count } nodos: { $nodes }
    }
gui-picture-nas-short = { $storage } · { $count } de { $total } nodos
gui-picture-link = Enlace entre { $from } y { $to }: { $up ->
        [yes] activo
       *[no] caído
    }
gui-timeline-clock = Tiempos en el reloj de este ordenador, desde que se empezó a vigilar.
gui-timeline-lab-clock = Tiempos en el reloj del laboratorio de prácticas, { $scale } veces más rápido que el de este ordenador: lo mismo que duraría en un clúster real.
