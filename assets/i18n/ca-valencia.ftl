# pve-ha-wizard — valencià.
# Termes del curs «Cluster i Alta disponibilitat»: clúster, node, emmagatzematge, alta disponibilitat.

## Línia d'ordres
cli-about = De tres nodes de Proxmox VE acabats d'instal·lar a un clúster d'alta disponibilitat, pas a pas. Acompanya el curs «Virtualització als centres educatius amb LliureX i Proxmox» (A. R. Vicente Boix, J. Estellés Dasi).
cli-about-lab = Engega el laboratori de pràctiques: nodes de Proxmox VE simulats en este ordinador, sense maquinari.
cli-about-run = Porta els nodes d'un pla fins a un clúster amb quòrum, pas a pas.
cli-about-practice = Assaja el curs en un laboratori de pràctiques engegat només per a això.
cli-about-upload = Puja una imatge ISO més a un clúster d'un pla, amb la seua suma de verificació; mostra el seu ID de volum.
cli-about-watch = Observa el clúster d'un pla: nodes, on funciona cada servei d'HA, cada canvi amb la seua hora i el que va tardar una commutació.
cli-about-fix-hosts = Posa el nom de cada node en la seua pròpia adreça en el seu /etc/hosts, després de mostrar el canvi.
hosts-fix-none = El nom de cada node és en la seua pròpia adreça en el seu /etc/hosts: res a corregir.
hosts-fix-shown = El /etc/hosts de { $node } canviaria (Sistema > Hosts en la interfície web):
hosts-fix-removed = −  { $line }
hosts-fix-added = +  { $line }
hosts-fix-ask = S'escriu? Teclegeu s i Retorn per a sí, només Retorn per a no.
hosts-fix-written = El /etc/hosts de { $node } està escrit; torneu a executar el pas 1.
hosts-fix-left = El /etc/hosts de { $node } queda com estava.
cli-about-join-info = Llig o escriu el text d'informació d'unió de la interfície web (Centre de dades > Clúster > Informació d'unió).
cli-about-window = Sense cap ordre, obri la finestra d'escriptori: els mateixos passos, una pàgina per a cada un.
prompt-password = Contrasenya de { $user } en { $node }: 
prompt-totp = Codi TOTP (6 xifres) de { $user } en { $node }: 

## Passos
step-connect = Pas 0 · Connectar amb els nodes
step-hostnames = Pas 1 · Comprovar els noms dels nodes i els requisits
step-create-cluster = Pas 2 · Crear el clúster
step-join = Pas 3 · Unir els altres nodes
step-storage = Pas 4 · Afegir el NAS com a emmagatzematge compartit
step-iso = Pas 5 · Pujar una imatge ISO
step-vm = Pas 6 · Crear una MV i arrancar-la
step-ha = Pas 7 · Posar la MV en alta disponibilitat
step-replication = Pas 9 · Replicar el disc de la MV a l'altre node
status-done = Fet.
status-already-done = Ja estava fet: no cal canviar res.

## Progrés
connecting = Connectant amb { $node }…
connected = Connectat amb { $node }: node { $name }, Proxmox VE { $version }.
still-connected = Continua connectat a { $node }: node { $name }.
cert-confirmed = El certificat de { $node } ha canviat en unir-se al clúster; { $by } confirma el nou ({ $fingerprint }). És de confiança.
cert-not-known = { $node } encara no és a la llista de nodes de confiança: es comprovarà el seu certificat amb l'empremta del pla.
cert-known-changed = { $node } presenta un certificat diferent del que es coneixia: es comprovarà amb l'empremta del pla.
node-trusted = { $node } (node { $name }) és de confiança a partir d'ara, amb el certificat { $fingerprint }.
creating-cluster = Creant el clúster «{ $cluster }» en { $node } (Centre de dades > Clúster > Crear clúster)…
cluster-created = El clúster «{ $cluster }» existeix i té quòrum.
join-information = Informació d'unió del clúster «{ $cluster }» (el mateix text que Centre de dades > Clúster > Informació d'unió > Copiar la informació):
joining = Unint { $node } a «{ $cluster }» a través de { $member }…
joined = { $node } ja és membre de «{ $cluster }».
half-joined-removing = { $node } figura en «{ $cluster }» però no va acabar d'unir-s'hi: es va apagar o va perdre la xarxa a mitjan procés. { $first } en lleva l'entrada inacabada, i { $node } s'hi torna a unir.
check-half-joined-no-quorum = { $node } figura en «{ $cluster }» però no va acabar d'unir-s'hi, i sense el seu vot { $first } ha perdut el quòrum: ara el clúster no pot canviar res.
fix-half-joined-no-quorum = Obriu la consola de { $first } (en la interfície web: { $first } > Shell), executeu «pvecm expected 1» i torneu a executar aquest pas: l'assistent llevarà l'entrada inacabada i hi tornarà a unir el node.
adding-storage = S'està afegint l'emmagatzematge «{ $id }»: recurs NFS { $server }:{ $export }, per a imatges de disc i imatges ISO, en tots els nodes (Centre de dades > Emmagatzematge > Afegir > NFS)…
storage-active = L'emmagatzematge «{ $id }» està actiu en tots els nodes: tots veuen els mateixos discos i imatges ISO.
iso-hashing = S'està calculant la suma de verificació (SHA-256) de { $file } ({ $size } bytes), que el node comprovarà…
iso-checksum-published = { $file } va amb el SHA-256 publicat al seu costat: es llig una sola vegada, es comprova mentre s'envia i el node el verifica.
iso-uploading = S'està pujant { $volid } a través de { $node } (node > { $storage } > Imatges ISO > Pujar)…
iso-downloading = { $node } baixa { $url } com a { $volid } (node > { $storage } > Imatges ISO > Baixar des d'URL)…
transfer-progress = { $percent } % · { $sent } de { $total } MB · { $rate } MB/s · queden { $seconds } s
iso-stored = { $volid } és en { $storage }, compartit pels nodes, i comprovada per la seua suma: tots els nodes la poden usar.
iso-stored-local = { $volid } és en { $storage }, comprovada per la seua suma. { $storage } és el disc propi de { $node }: només una MV de { $node } pot arrancar des d'ella; per als altres, poseu la imatge en un emmagatzematge compartit (el NAS).
vm-creating = S'està creant la MV { $vmid } «{ $name }» en { $node }, amb el disc en { $storage } i la imatge ISO en la unitat de CD (Crear VM)…
vm-starting = S'està arrancant la MV { $vmid } en { $node }…
vm-running = La MV { $vmid } «{ $name }» funciona en { $node }.
ha-adding = S'està afegint { $sid } al gestor d'HA: estat demanat started, { $max_restart } reinici(s) en el seu node i després { $max_relocate } trasllat(s) a un altre (Centre de dades > HA > Recursos > Afegir)…
ha-group-adding = S'està creant el grup d'HA { $group } amb els nodes { $nodes } (Centre de dades > HA > Grups; Proxmox VE 8)…
ha-rule-adding = S'està creant la regla d'afinitat de node { $rule } amb els nodes { $nodes } (Centre de dades > HA > Regles d'afinitat; Proxmox VE 9)…
replication-adding = S'està creant la tasca de replicació { $id } cap a { $target }, planificació { $schedule } (MV > Replicació > Afegir)…
replication-waiting = S'espera la primera còpia de { $id } ({ $node } mira cada minut si en té alguna pendent)…
replication-synced = { $id }: el disc ja és també en { $target }, i es tornarà a copiar segons { $schedule }. Si { $target } ha de prendre el relleu, com a molt s'haurà perdut un interval de dades.
ha-waiting = S'espera que el gestor d'HA prenga { $sid } (mira cada 10 segons)…
ha-status-line = HA: { $line }
watch-node-up = el node { $node } està en línia
watch-node-down = el node { $node } ha desaparegut (apagat o inabastable)
watch-service = servei d'HA { $sid }: { $state } en { $node }
watch-recovered = { $sid } torna a funcionar, en { $to }: { $seconds } s després de perdre { $from }.
watch-start = S'observa el clúster (Ctrl+C para): nodes, serveis d'HA i cada canvi, amb la seua hora.
quorate = El clúster «{ $cluster }» té quòrum amb { $members } membres en línia.

## Comprovacions
check-names-distinct = Cada node té el seu nom: { $names }.
check-duplicate-name = { $first } i { $second } es diuen tots dos «{ $name }».
fix-duplicate-name = Doneu un altre nom a { $node }, per exemple { $free }: en el seu Shell (el node > Shell a la interfície web) teclegeu  hostnamectl set-hostname { $free }  després  sed -i 's/\b{ $name }\b/{ $free }/g' /etc/hosts  després  reboot, i torneu a executar este pas quan torne. Feu-ho abans de crear el clúster: un membre no es pot reanomenar.
check-hosts-ok = En /etc/hosts, { $name } apunta a { $address }, l'adreça del mateix node.
check-hosts-loopback = En /etc/hosts de { $node }, «{ $name }» apunta a { $address }, una adreça de bucle local (la predeterminada de Debian). Els altres nodes no el podrien trobar.
check-hosts-other = En /etc/hosts de { $node }, «{ $name }» apunta a { $address }, que no és cap de les seues adreces.
check-hosts-missing = El fitxer /etc/hosts de { $node } no menciona «{ $name }».
fix-hosts-line = En { $node } (Shell, o Sistema > Hosts a la interfície web), deixeu la línia de { $name } així: { $address } { $name }. O deixeu que l'assistent l'escriga, després de mostrar-vos el canvi: pve-ha-wizard fix-hosts --plan <el vostre pla>.
check-versions-same = Tots els nodes tenen la mateixa versió principal de Proxmox VE ({ $version }).
check-version-mismatch = { $node } té Proxmox VE { $version }, però { $first } té { $first_version }.
fix-version-mismatch = Actualitzeu { $node } (o els altres) perquè tots els nodes tinguen la mateixa versió principal, i torneu a comprovar-ho.
check-joinable = Cap node és en un altre clúster, i els nodes que s'hi uniran no tenen màquines virtuals ni contenidors.
check-in-other-cluster = { $node } ja pertany a un altre clúster, «{ $cluster }».
fix-in-other-cluster = Feu servir un node que no siga en cap clúster (el més senzill és una instal·lació nova), o traieu primer { $node } del seu clúster.
check-storage-taken = Ja hi ha un emmagatzematge anomenat «{ $id }», amb una configuració diferent de la del pla.
fix-storage-taken = Doneu un altre ID al NAS en el pla, o mireu Centre de dades > Emmagatzematge > { $id } i elimineu-lo si res no l'usa.
check-storage-inactive = L'emmagatzematge «{ $id }» existeix però no està actiu en { $nodes }.
fix-storage-inactive = Comproveu que el NAS { $server } està encés i que el seu recurs NFS permet les adreces dels nodes.
check-nas-exports = El NAS { $server } comparteix { $export }.
check-nas-export-missing = El NAS { $server } no comparteix { $export }; comparteix: { $offered }.
fix-nas-export-missing = Poseu en el pla una de les carpetes compartides, o compartiu eixa carpeta per NFS en la configuració del NAS per a la xarxa dels nodes.
check-ha-node-unknown = { $node }, de [ha] nodes, no és membre del clúster (membres: { $members }).
fix-ha-node-unknown = Escriviu en [ha] nodes els noms dels nodes tal com els mostra Centre de dades, o traieu la llista perquè la MV puga anar a qualsevol node.
check-ha-vm-unknown = El clúster no té cap MV { $vmid }. Les seues MV són: { $vms }.
check-ha-vm-unknown-none = El clúster no té cap MV { $vmid }, ni encara cap altra MV.
fix-ha-vm-unknown = Indiqueu l'ID d'una de les MV del clúster (en la interfície web, el número que precedix el seu nom en l'arbre), o cap per a la MV del pas 6; després apliqueu de nou el pas.
check-ha-ready = La MV { $vmid } també pot funcionar en { $nodes }: els seus discos i la seua imatge de CD són en emmagatzematge compartit i no usa cap dispositiu del seu node.
check-ha-local-disk = La MV { $vmid } té { $volid } en un emmagatzematge que només té { $node }: cap altre node arriba a eixe disc, així que HA no podria arrancar la MV en un altre lloc.
fix-ha-local-disk = Moveu el disc al NAS (MV { $vmid } > Maquinari > el disc > Acció del disc > Mou l'emmagatzematge, destinació NAS) i torneu a executar este pas.
check-ha-local-cdrom = La unitat de CD de la MV { $vmid } té { $volid }, que només té { $node }: la MV no podria arrancar en un altre node.
fix-ha-local-cdrom = Poseu en la unitat una imatge del NAS, o cap (MV { $vmid } > Maquinari > Unitat CD/DVD > Edita, «No uses cap mitjà») i torneu a executar este pas.
check-ha-local-resources = La MV { $vmid } usa dispositius del mateix { $node } ({ $resources }): un altre node no els té.
fix-ha-local-resources = Traieu-los en MV { $vmid } > Maquinari abans de posar la MV sota HA (o assigneu cada dispositiu en tots els nodes, en Centre de dades > Assignacions de recursos).
check-ha-storage-unavailable = { $node } no pot usar { $storages }, on la MV { $vmid } té una unitat: la MV no podria funcionar allí.
fix-ha-storage-unavailable = En Centre de dades > Emmagatzematge > { $storages } > Edita, afegiu { $node } a Nodes (o trieu Tots els nodes).
check-ha-few-votes = El clúster té { $votes } vots de quòrum: amb menys de tres, els nodes que queden en perdre'n un no tenen quòrum, i HA no pot arrancar la MV enlloc.
fix-ha-few-votes = Uniu un tercer node (o afegiu un QDevice, un vot extern) abans de comptar amb HA.
check-replication-zfs = { $drive } ({ $volid }) és en ZFS: es pot replicar.
check-replication-not-zfs = { $drive } ({ $volid }) és en { $storage }, de tipus { $kind }: Proxmox VE només replica discos de ZFS.
fix-replication-not-zfs = La replicació és per a dos nodes sense NAS, amb el disc de la MV en ZFS (local-zfs, si el node es va instal·lar sobre ZFS). Un disc en el NAS no necessita còpia: useu l'alta disponibilitat (pas 7).
check-replication-target = { $target } no pot guardar la còpia: ha de ser un altre membre del clúster que no siga { $node } (membres: { $members }).
fix-replication-target = Escriviu en [replication] target el nom d'un altre node del clúster, no el de { $node }, on ja és la MV.
check-nas-unreachable = El NAS { $server } no respon com a servidor NFS ({ $message }).
fix-nas-unreachable = Comproveu l'adreça del NAS ({ $server }), que està encés i en la xarxa dels nodes, i que té el servei NFS activat.
check-iso-other-size = { $volid } ja hi és, però la seua mida ({ $stored } bytes) no coincideix amb la del fitxer ({ $size } bytes).
fix-iso-other-size = Se substituirà pel fitxer del pla. Si és una altra imatge que per casualitat es diu igual, canvieu abans el nom del vostre fitxer.
check-iso-no-room-tmp = { $node } té { $free } MB lliures en el seu sistema de fitxers arrel, i la imatge hi necessita { $size } MB: el node guarda una pujada en /var/tmp fins que l'emmagatzema (i una còpia en local és en el mateix disc).
fix-iso-no-room-tmp = Allibereu espai en { $node } (en la interfície web: { $node } > local > Imatges ISO o Còpies de seguretat, traieu el que ja no calga), o envieu la imatge a través d'un altre node («A través del node» en la pàgina de la ISO; [iso] node en un pla).
check-iso-no-room-storage = { $storage } té { $free } MB lliures, i la imatge necessita { $size } MB.
fix-iso-no-room-storage = Allibereu espai en { $storage } (traieu imatges ISO o còpies de seguretat antigues), o trieu un altre emmagatzematge per a la imatge ([iso] storage en el pla).
check-vmid-taken = L'ID { $vmid } ja és d'una altra MV («{ $name }»).
fix-vmid-taken = Traieu vmid de la secció [vm] del pla (s'usarà el següent ID lliure), o trieu-ne un de lliure.
check-vm-stopped = La MV { $vmid } «{ $name }» existeix però està parada: s'arrancarà.
check-vm-unfinished = La VM { $vmid } de { $node } va quedar a mig crear (la creació es va interrompre i continua blocada amb «create»): s'elimina, amb els seus discos, abans de tornar a crear la VM.
vm-unfinished-removing = S'està eliminant la VM a mig crear { $vmid } de { $node }, amb els discos que se li havien donat…
check-guests = { $node } té { $count ->
    [one] una màquina virtual o contenidor
   *[other] { $count } màquines virtuals o contenidors
}; un node que s'uneix a un clúster no n'ha de tindre cap.
fix-guests = Feu una còpia de seguretat de les màquines de { $node }, moveu-les al primer node o elimineu-les, i torneu a comprovar-ho.
check-clocks-agree = Els rellotges dels nodes coincideixen.
check-clock-skew = El rellotge de { $node } està a { $seconds } segons del de { $first }.
fix-clock-skew = Sincronitzeu els rellotges amb NTP: en { $node }, comproveu que chrony funciona (Sistema > Hora a la interfície web mostra l'hora).
check-few-nodes = El pla té { $count } nodes. L'alta disponibilitat en necessita almenys tres, perquè quede una majoria quan en falla un.
fix-few-nodes = Afegiu un tercer node per a l'alta disponibilitat; amb dos nodes, el curs proposa la replicació de l'emmagatzematge.

## Errors
err-invalid-address = «{ $address }» no és una adreça IP ni un nom de màquina. Escriviu només l'adreça, com ara 192.168.1.11, sense https:// ni port.
err-connect = No es pot arribar a { $node }. Comproveu que el node està encés, que el cable de xarxa està connectat, que l'adreça i el port (8006) són correctes i que este ordinador és a la mateixa xarxa.
err-refused = { $node } està encés, però res no respon en el seu port 8006: el servei web de Proxmox VE (pveproxy) no funciona allí, o el port no és el correcte. En un node instal·lat a mà sobre Debian sol ser perquè el seu sistema de fitxers del clúster (pmxcfs) no ha pogut arrancar: en la consola del node, feu que /etc/hosts associe el seu nom a la seua pròpia adreça (no a 127.0.1.1) i reinicieu-lo. Allí, `systemctl status pve-cluster pveproxy` diu per què.
err-cert-changed = El certificat de { $node } no és el que vau acceptar (acceptat { $pinned }, ara { $seen }). No s'hi ha enviat res. Si heu reinstal·lat el node, compareu l'empremta nova amb la seua interfície web (Sistema > Certificats) i actualitzeu el pla; si no, algú podria estar fent-se passar pel node.
err-cert-unconfirmed = El certificat de { $node } ha canviat ({ $seen }) i cap membre de confiança del clúster no el confirma. No s'hi ha enviat res. Compareu l'empremta amb la interfície web del node (Sistema > Certificats).
err-timeout = { $node } no ha respost a temps. Pot ser que estiga ocupat, apagat o desconnectat: comproveu que està encés i amb el cable connectat, espereu un moment i torneu-ho a provar.
err-transport = La connexió amb { $node } s'ha tallat mentre atenia la petició. Pot ser que el canvi s'haja fet: mireu el node abans de tornar-ho a provar.
details-line = Detalls: { $details }
err-stalled = La transferència a { $node } s'ha aturat: no ha passat res en { $seconds } segons. Comproveu que el node està encés i que el seu cable de xarxa (i el d'este ordinador) està connectat, i torneu-ho a provar. No es guarda res a mitges en el seu emmagatzematge.
err-login-failed = { $node } no ha acceptat l'inici de sessió de { $user }. Comproveu l'usuari (amb el domini, com ara root@pam) i la contrasenya.
err-totp = { $node } demana un codi TOTP per a { $user }. Escriviu el codi de 6 xifres que mostra ara la vostra aplicació d'autenticació.
err-session = { $node } ha tancat la sessió ({ $message }). Torneu a iniciar la sessió.
err-forbidden = { $node } ho ha rebutjat: { $message }. Inicieu la sessió com a root@pam, o doneu el permís a l'usuari.
err-no-quorum = { $node } no té quòrum ({ $message }): sense la majoria dels nodes en línia, el clúster no accepta cap canvi. Enceneu els nodes que falten i espereu que tornen.
err-parameters = { $node } ha rebutjat la petició: { $message }
err-api = { $node } ha respost amb un error ({ $status }): { $message }
err-decode = { $node } ha respost { $path } d'una manera inesperada ({ $detail }). És un node de Proxmox VE, versió 8 o 9?
err-task = La tasca en { $node } ha fallat: { $message }
err-name-unresolved = { $node } no troba la seua pròpia adreça: el seu nom '{ $name }' només resol a una adreça de bucle local (127.0.1.1, la predeterminada de Debian). En la consola del node, editeu /etc/hosts perquè '{ $name }' apunte a l'adreça pròpia del node i torneu-ho a provar.
err-task-timeout = La tasca en { $node } encara s'executa després de { $seconds } segons. Mireu-ne el registre a la interfície web (Tasques, a baix).
err-cancelled = S'ha cancel·lat. El que ja s'havia enviat encara pot acabar en el node.
err-cluster-name = «{ $name }» no pot ser el nom d'un clúster. Feu servir d'1 a 15 lletres, xifres o guions, que comencen i acaben amb lletra o xifra (per exemple «escola»). No es podrà canviar després.
err-duplicate-address = { $address } apareix dues vegades en el pla. Poseu cada node una sola vegada.
err-fingerprint = «{ $text }» no és l'empremta d'un certificat. Copieu-la de la interfície web del node (Sistema > Certificats): 32 parelles de xifres hexadecimals separades per dos punts.
err-user = «{ $user }» no és un usuari. Escriviu-lo amb el domini, com ara root@pam.
err-too-few-nodes = Un clúster necessita almenys dos nodes, i l'alta disponibilitat tres; el pla en té { $count }.
err-storage-id = «{ $id }» no pot ser un ID d'emmagatzematge: comenceu per una lletra, seguiu amb lletres, xifres, «-», «_» o «.», i acabeu en lletra o xifra (per exemple NAS).
err-storage-export = «{ $export }» no és una carpeta compartida: escriviu el camí exportat del NAS tal com és, començant per «/» (per exemple /mnt/pool/proxmox).
err-iso-file = { $file } no és una imatge ISO que es puga llegir. Comproveu el camí en el pla (relatiu a la carpeta del pla) i que el nom acaba en .iso o .img.
err-iso-not-published = { $file } no és la imatge del SHA-256 que heu donat: la baixada està malmesa, o és una altra imatge, o el SHA-256 s'ha copiat malament. Torneu a baixar-la, o torneu a copiar el SHA-256 d'on es publica la imatge, i apliqueu de nou. El node no ha guardat res.
err-iso-changed = { $file } ha canviat mentre s'enviava, així que el node no ha guardat res. No toqueu el fitxer mentre es puja i apliqueu de nou.
err-upload-mismatch = El fitxer enviat a { $node } no tenia el SHA-256 amb què s'enviava, així que la pujada s'ha aturat abans d'acabar; el node no en guarda res.
err-iso-without-storage = Una imatge ISO va al NAS: afegiu una secció [storage] al pla, o traieu la secció [iso].
err-iso-url = «{ $url }» no és l'adreça web d'una imatge ISO: comença per http:// o https:// i acaba en el nom de la imatge (.iso o .img).
err-checksum = «{ $checksum }» no és una suma SHA-256: 64 xifres hexadecimals, com les dona la pàgina de baixada.
err-iso-source = La secció [iso] indica un fitxer (file = …) o una adreça web (url = …), una de les dues.
err-vm-name = «{ $name }» no pot ser el nom d'una MV: useu lletres, xifres i guions (punts entre parts), sense espais.
err-vm-memory = { $memory } MiB no és una memòria utilitzable per a una MV: doneu-ne almenys 16 MiB (512 en sobren per a un Linux xicotet).
err-vm-disk = { $disk } GiB no és una mida de disc utilitzable: doneu almenys 1 GiB.
err-vm-id = { $vmid } no és un ID de MV: van de 100 a 999999999 (o traieu vmid).
err-vm-without-storage = El disc de la MV va al NAS: afegiu una secció [storage] al pla, indiqueu un emmagatzematge propi en [vm] (storage = "local-zfs"), o traieu la secció [vm].
err-replication-without-vm = La replicació copia el disc de la MV del pla: afegiu una secció [vm], o traieu la secció [replication].
err-replication-on-nas = El disc de la MV va al NAS { $storage }, i la replicació només copia discos de ZFS entre dos nodes sense NAS. Amb NAS, useu l'alta disponibilitat ([ha]); sense, poseu el disc en ZFS amb storage = "local-zfs" en la secció [vm] i traieu la secció [storage].
err-replication-target = «{ $target }» de [replication] target no és un nom de node: useu el nom de host del node que guardarà la còpia (per exemple pve2).
err-replication-schedule = «{ $schedule }» no és una planificació que Proxmox VE entenga ({ $detail }). Useu, per exemple, */30 (cada 30 minuts), */15, hourly o 22:30.
err-ha-without-vm = L'alta disponibilitat té cura d'una MV: afegiu una secció [vm] per a la MV del curs, o indiqueu una MV del clúster amb vmid = … en [ha]; o traieu la secció [ha].
err-ha-limits = max_restart ({ $max_restart }) i max_relocate ({ $max_relocate }) van de 0 a 10; el curs usa 1 i 1.
err-ha-node-name = «{ $node }» de [ha] nodes no és un nom de node: useu el nom de host de cada node (per exemple pve1), tal com el mostra Centre de dades a l'interfície web.
err-iso-node-name = «{ $node }» no és un nom de node pel qual enviar la imatge: useu el nom de host del node (per exemple pve2), tal com el mostra Centre de dades a l'interfície web, o deixeu-lo buit per al primer node.
err-ha-node-twice = «{ $node }» apareix dues vegades en [ha] nodes: poseu cada node una sola vegada.
err-plan = El pla { $file } no es pot fer servir: { $detail }
err-joininfo-empty = No s'ha apegat res. En el primer node, obriu Centre de dades > Clúster > Informació d'unió, feu clic a Copiar la informació i apegueu-la ací.
err-joininfo-garbage = Açò no és informació d'unió. Copieu-la amb el botó Copiar la informació de Centre de dades > Clúster > Informació d'unió en un membre del clúster, i apegueu-la sencera.
err-joininfo-no-totem = Este text no conté la configuració del clúster (totem). Copieu la informació d'unió d'un node que ja siga en un clúster.
err-generate-docs = No s'han pogut escriure les pàgines de manual i les complecions en { $dir }: { $detail }
err-joininfo-address = La informació d'unió no té cap adreça IP vàlida del membre. Torneu a copiar-la de la interfície web del membre.
err-joininfo-fingerprint = La informació d'unió no té cap empremta vàlida. Torneu a copiar-la de la interfície web del membre.
err-missing-password = No hi ha contrasenya per a { $user } en { $node }. Deseu-la al clauer, definiu PVE_PASSWORD o executeu-ho en un terminal perquè vos la demane.
err-preconditions = { $count ->
    [one] Primer cal resoldre un problema (vegeu-lo dalt).
   *[other] Primer cal resoldre { $count } problemes (vegeu-los dalt).
}
err-not-verified = El canvi en { $node } no va aparéixer en tornar a llegir-lo: { $what ->
        [node-name] el nom del mateix node
        [certificate] el certificat en què vau confiar
        [cluster] el clúster { $name }, amb quòrum
        [join-information] la informació d'unió
        [quorum] el quòrum amb tots els membres
        [membership] el node, membre del clúster amb quòrum
        [storage-active] l'emmagatzematge { $storage }, actiu en tots els nodes
        [image] { $volid }, sencera
        [vm] la MV { $name }
        [vm-running] la MV { $vmid }, en marxa
        [ha-placement] { $placement }, que manté { $sid } en els seus nodes
        [ha-started] { $sid }, arrancat pel gestor d'HA
        [replication] la replicació de la MV { $vmid } a { $target }
        [replication-failed] la replicació { $job }, que falla: { $error }
        [replication-copy] la primera còpia de la replicació { $job }
       *[other] { $what }
    }. Mireu la interfície web del node i torneu a executar-lo.
err-out-of-order = { $needs ->
        [connect] El pas 0 (connectar amb els nodes)
        [hostnames] El pas 1 (comprovar els noms de host)
        [create-cluster] El pas 2 (crear el clúster)
        [join] El pas 3 (unir els altres nodes)
        [storage] El pas 4 (el NAS)
        [iso] El pas 5 (la imatge ISO)
        [vm] El pas 6 (la MV)
        [ha] El pas 7 (alta disponibilitat)
        [replication] El pas 9 (replicació)
       *[other] Un pas anterior
    } s'ha de fer abans.
err-unknown-node = No hi ha cap node anomenat «{ $name }» entre els del pla. Useu el nom que té el node en la interfície web (pve1, pve2…).
err-known-nodes-read = No es pot llegir la llista de nodes de confiança { $path } ({ $detail }). Corregiu-la o esborreu-la: l'assistent tornarà a comprovar els certificats amb les empremtes del pla.
err-known-nodes-write = No es pot desar la llista de nodes de confiança { $path } ({ $detail }). Comproveu que la carpeta existeix i que hi podeu escriure.
err-runtime = Error intern: { $detail }
err-stdin = No es pot llegir l'entrada estàndard: { $detail }
err-lab = El laboratori de pràctiques no pot arrancar: { $detail }
err-scenario = Escenari desconegut «{ $name }». Els coneguts: { $known }.

## Laboratori de pràctiques
lab-ready = Laboratori de pràctiques a punt: { $nodes } nodes de Proxmox VE simulats.
lab-nas = NAS (servidor NFS): { $server }, comparteix { $exports }
lab-control = Tauler de control (apagar i encendre nodes, desconnectar-ne la xarxa): { $url }, amb la capçalera «Authorization: Bearer { $token }»
lab-login = Inicieu la sessió com a { $user } amb la contrasenya { $password }.
lab-totp = Segon factor: secret TOTP { $secret } (afegiu-lo a una aplicació d'autenticació).
lab-plan-written = Pla escrit en { $file }: executeu-lo amb «pve-ha-wizard run --plan { $file }».
lab-stop-hint = Premeu Ctrl+C per a aturar el laboratori.

## Desktop window
gui-title = pve-ha-wizard · de tres nodes de Proxmox VE a un clúster d'alta disponibilitat
gui-no-window = No es pot obrir la finestra ({ $detail }). La línia d'ordres continua funcionant: vegeu «pve-ha-wizard --help».
gui-language = Llengua:
gui-details = Detalls
gui-steps = Passos
gui-start = Inici
gui-status-todo = per fer
gui-status-running = en marxa…
gui-status-done = fet
gui-status-already-done = ja estava fet
gui-status-failed = ha fallat
gui-back = Arrere
gui-next = Següent
gui-apply = Aplica
gui-apply-again = Torna a aplicar
gui-hosts-fix = Corregeix /etc/hosts per mi…
gui-hosts-write = Escriu-lo
gui-hosts-leave = Deixa'l
gui-cancel = Cancel·la
gui-running = Treballant… { $seconds } s
gui-running-lab = Treballant… { $seconds } s (el laboratori de pràctiques va { $scale } vegades més ràpid que uns nodes reals)
gui-retry-hint = Corregiu el que diu el missatge i premeu «Torna a aplicar»: els passos que ja estan fets no es repetixen.
gui-findings = Què ha trobat la comprovació
gui-fix = Com corregir-ho: { $fix }
gui-progress = Progrés
gui-task-log = Registre de la tasca
gui-start-title = Benvinguts
gui-start-intro = Este assistent porta tres nodes de Proxmox VE acabats d'instal·lar fins a un clúster, pas a pas, tal com ho fa a mà la unitat «Cluster i Alta disponibilitat» del curs «Virtualització als centres educatius amb LliureX i Proxmox» (A. R. Vicente Boix, J. Estellés Dasi). Cada pas explica què fa i on faríeu clic en la interfície web de Proxmox VE per a fer el mateix.
gui-start-lab-help = No teniu nodes a mà? El laboratori de pràctiques simula tres nodes de Proxmox VE en este ordinador, cadascun amb la seua adreça i el seu certificat. No canvia res fora d'este ordinador.
gui-start-lab = Laboratori de pràctiques
gui-lab-starting = Engegant el laboratori de pràctiques…
gui-lab-speed = El rellotge del laboratori de pràctiques:
gui-lab-speed-real = Temps real
gui-lab-speed-10 = ×10
gui-lab-speed-60 = ×60
gui-start-own-help = Els vostres nodes: tres servidors Proxmox VE acabats d'instal·lar en la xarxa del centre, i la contrasenya de root de cadascun.
gui-start-own = Els meus nodes de Proxmox
gui-connect-what = L'assistent parla amb cada node per HTTPS, com el vostre navegador amb la interfície web pel port 8006. Cada node té el seu propi certificat, que no signa cap autoritat coneguda; per això, abans d'enviar cap contrasenya, l'assistent mostra l'empremta digital SHA-256 del certificat perquè la compareu amb la del mateix node: només aleshores el node és de confiança.
gui-connect-web = En la interfície web: obriu https://ADREÇA:8006 en un navegador, accepteu el certificat i entreu com a root (domini «Linux PAM standard authentication»).
gui-hostnames-what = Un clúster necessita nodes amb noms diferents, amb cada nom apuntant en /etc/hosts a l'adreça del mateix node (no a 127.0.1.1), la mateixa versió de Proxmox VE, rellotges que coincidisquen, i que els nodes que s'unixen no tinguen màquines virtuals ni siguen en un altre clúster. Este pas només llig: no canvia res.
gui-hostnames-web = En la interfície web: Sistema > Hosts i Sistema > Hora de cada node, i la pàgina Resum amb la versió; un nom es canvia en /etc/hostname i /etc/hosts des de la Shell del node.
gui-create-what = El primer node crea el clúster: en serà el primer membre, i els altres s'hi uniran. El nom no es podrà canviar després.
gui-create-web = En la interfície web del primer node: Centre de dades > Clúster > Crear clúster, escriviu el nom i Crear.
gui-join-what = Els altres nodes s'unixen al clúster amb la informació d'unió del primer node i la seua contrasenya de root. Un node unit rep un certificat nou, signat pel clúster: l'assistent hi confia només perquè el primer node el confirma. Al final el clúster ha de tindre quòrum, la majoria de vots que li permet fer canvis.
gui-join-web = En la interfície web: en el primer node, Centre de dades > Clúster > Informació d'unió > Copiar la informació; en cada un dels altres, Centre de dades > Clúster > Unir-se al clúster, apegueu-la, escriviu la contrasenya de root del primer node i Unir.
gui-lab-password = Els nodes del laboratori de pràctiques accepten root@pam amb la contrasenya pròpia del laboratori: l'assistent la proporciona.
gui-keychain-ok = Les contrasenyes que trieu recordar es guarden en el clauer d'este ordinador, mai en un fitxer.
gui-keychain-memory = En este ordinador no es pot fer servir cap clauer: les contrasenyes només es guarden en memòria fins que tanqueu la finestra. Mai s'escriuen en un fitxer.
gui-keychain-memory-why = { $reason } Les contrasenyes només es guarden en memòria fins que tanqueu la finestra; mai s'escriuen en un fitxer.
gui-keychain-retry = Torna a provar el clauer
keychain-no-bus = Esta sessió no té bus de sessió D-Bus, així que no es pot arribar a cap clauer.
keychain-no-service = En este ordinador no funciona cap clauer: ni la Cartera del KDE ni l'anell de claus del GNOME. En LliureX, activeu la Cartera del KDE en Arranjament del sistema › Cartera del KDE i premeu «Torna a provar el clauer».
keychain-no-wallet-kwallet = La Cartera del KDE encara no té cap cartera (les sessions d'invitat i d'alumnat no en tenen). Obriu el Gestor de carteres del KDE (kwalletmanager5), creeu una cartera anomenada «kdewallet» i premeu «Torna a provar el clauer».
keychain-no-wallet = El clauer no té cap anell de claus predeterminat (les sessions d'invitat i d'alumnat no en tenen). Creeu-ne un en Contrasenyes i claus (seahorse) i premeu «Torna a provar el clauer».
keychain-locked-kwallet = La vostra cartera del KDE ha quedat tancada: no se n'ha donat la contrasenya. Premeu «Torna a provar el clauer» i escriviu la contrasenya de la cartera quan la Cartera del KDE vos la demane.
keychain-locked = El clauer ha quedat bloquejat: no se n'ha donat la contrasenya. Premeu «Torna a provar el clauer» i escriviu-la quan vos la demane.
keychain-failed = El clauer ha refusat l'operació: { $detail }
gui-node = Node { $number }
gui-address = Adreça
gui-address-of = Adreça del node { $number }
gui-user = Usuari
gui-user-of = Usuari del node { $number }
gui-password = Contrasenya
gui-password-of = Contrasenya del node { $number }
gui-remember = Recorda-la en el clauer
gui-remember-of = Recorda la contrasenya del node { $number } en el clauer
gui-forget = Oblida la contrasenya guardada
gui-forget-of = Oblida la contrasenya guardada del node { $number }
gui-remembered = La contrasenya de { $account } s'ha guardat en el clauer.
gui-forgotten = La contrasenya de { $account } s'ha oblidat.
gui-profile-not-saved = No es pot guardar on sou per a la pròxima vegada ({ $detail }).
gui-check-certificates = Comprova els certificats
gui-certificate-unchecked = Encara no s'ha comprovat el certificat.
gui-probing = Obtenint el certificat…
gui-fingerprint-known = { $node } ja és de confiança, amb el certificat d'esta empremta digital:
gui-fingerprint-seen = { $node } presenta un certificat amb esta empremta digital SHA-256:
gui-fingerprint-lab = El laboratori de pràctiques dona esta empremta per al node: compareu-les.
gui-fingerprint-compare = Compareu-la amb la del mateix node abans de confiar-hi: en la seua interfície web, Sistema > Certificats (la línia pve-ssl.pem), o en la seua consola amb l'orde «pvenode cert info».
gui-trust = Les empremtes coincidixen: confia en este certificat
gui-trust-of = Confia en el certificat del node { $number }
gui-confirm-first = Primer comproveu els certificats i confirmeu cada empremta.
gui-totp-asked = { $node } demana un segon factor: escriviu el codi de 6 xifres de la vostra aplicació d'autenticació i torneu a aplicar.
gui-totp-of = Codi TOTP del node { $number }
gui-nodes-table = Els nodes
gui-col-name = Nom
gui-col-address = Adreça
gui-col-version = Versió
gui-col-guests = Invitats
gui-col-cluster = Clúster
gui-col-clock = Rellotge
gui-clock-offset = { $seconds } s
gui-cluster-name = Nom del clúster:
gui-cluster-name-field = Nom del clúster
gui-cluster-name-ok = «{ $name }» és un nom de clúster vàlid.
gui-join-info-heading = Informació d'unió
gui-join-info-text = Text de la informació d'unió
gui-join-info-wait = Apareix ací quan s'executa el pas: el mateix text que Copiar la informació de la interfície web.
gui-copy = Copia
gui-paste-heading = Comprova informació d'unió copiada de Proxmox VE
gui-paste-help = Apegueu ací el text de Copiar la informació de la interfície web d'un membre del clúster per a veure què conté.
gui-paste-field = Informació d'unió apegada
gui-paste-ok = Informació d'unió del clúster «{ $cluster }», a través de { $address }, amb un certificat d'empremta { $fingerprint }.
gui-quorum-yes = El clúster «{ $cluster }» té quòrum: { $online } de { $total } membres en línia.
gui-quorum-no = El clúster «{ $cluster }» no té quòrum: { $online } de { $total } membres en línia.
gui-member-online = en línia
gui-member-offline = fora de línia
gui-recheck = Torna a comprovar este certificat
gui-recheck-of = Torna a comprovar el certificat del node { $number }
gui-missing-password = No hi ha contrasenya de { $user } en { $node }. Escriviu-la en el camp Contrasenya del node i torneu a aplicar.
gui-storage-what = El NAS és un servidor de fitxers en xarxa. Afegit una sola vegada, a tot el clúster (el datacenter), és compartit: tots els nodes veuen els mateixos fitxers, i per això una màquina virtual amb el disc allí pot funcionar en qualsevol node — la base de l'alta disponibilitat. L'assistent pregunta al primer node què exporta el servidor, afig la compartició com a emmagatzematge «NAS» per a imatges de disc i imatges ISO, i comprova que està activa en tots els nodes.
gui-storage-web = En la interfície web: Datacenter > Storage > Add > NFS; ID «NAS», l'adreça del servidor, trieu l'exportació, Content «Disk image, ISO image», Nodes «All», Add.
gui-storage-id = ID:
gui-storage-id-field = ID de l'emmagatzematge
gui-storage-server = Servidor NFS:
gui-storage-server-field = Servidor NFS
gui-storage-scan = Busca les exportacions
gui-storage-export = Exportació:
gui-storage-export-field = Exportació
gui-storage-content = Contingut:
gui-storage-content-value = Imatges de disc, imatges ISO
gui-storage-exports = El servidor exporta (trieu-ne una):
gui-storage-no-exports = El servidor respon però no exporta res per a este clúster. En el NAS, exporteu un directori a la xarxa dels nodes i torneu a buscar.
gui-iso-what = Una màquina virtual arranca des d'una imatge d'instal·lació. El fitxer ISO va al NAS, on tots els nodes el poden llegir: pujat des d'este ordinador (s'envia amb la seua suma SHA-256, que el node comprova) o descarregat pel mateix node des d'una adreça web. El curs fa servir Tiny Core Linux, un sistema de 16 MB que funciona bé en una màquina virtual menuda.
gui-iso-web = En la interfície web: Datacenter > el node > NAS > ISO Images > Upload (o Download from URL), trieu el fitxer, Upload.
gui-iso-from-file = Un fitxer d'este ordinador
gui-iso-from-url = Descarregat pel node des d'una adreça web
gui-iso-file = Fitxer ISO:
gui-iso-file-field = Fitxer ISO
gui-iso-choose = Tria un fitxer…
gui-iso-pick-title = Trieu una imatge ISO
gui-iso-pick-filter = Imatges ISO
gui-iso-practice = Fes una imatge ISO de pràctiques
gui-iso-url = URL:
gui-iso-url-field = URL de la ISO
gui-iso-sha256 = SHA-256:
gui-iso-sha256-field = Suma de verificació SHA-256
gui-iso-sha256-help = La suma de verificació és en la pàgina de descàrrega del sistema (sovint en un fitxer anomenat SHA256SUMS). Amb ella, el node rebutja un fitxer malmés o diferent.
gui-iso-sha256-file-help = Opcional: el SHA-256 publicat en la pàgina de descàrrega del sistema (sovint en un fitxer anomenat SHA256SUMS). Amb ell el fitxer es llig una sola vegada i el node rebutja un fitxer malmés o diferent; sense ell, l'assistent el calcula abans.
gui-iso-node = A través del node:
gui-iso-node-field = Node que rep la imatge
gui-iso-node-help = Buit: el primer node. El nom d'un altre node (pve2, per exemple) quan el primer no té espai en /var/tmp, on un node guarda el que es puja fins a emmagatzemar-ho.
gui-iso-volid = Es guardarà com a { $volid }.
gui-vm-what = Una màquina virtual menuda, amb el disc en el NAS i la imatge ISO en la unitat de CD, que s'arranca de seguida. Com que el disc és en un emmagatzematge compartit, un altre node la pot arrancar quan el seu node falla.
gui-vm-web = En la interfície web: Create VM (a dalt a la dreta); General: el nom; OS: la imatge ISO de NAS; Disks: emmagatzematge NAS, format qcow2; Memory; Network: vmbr0; Finish i després Start.
gui-vm-name = Nom:
gui-vm-name-field = Nom de la màquina virtual
gui-vm-memory = Memòria (MiB):
gui-vm-memory-field = Memòria en MiB
gui-vm-disk = Disc (GiB):
gui-vm-disk-field = Mida del disc en GiB
gui-vm-memory-number = «{ $value }» no és un nombre enter de MiB. Escriviu la memòria com un número, per exemple 512.
gui-vm-disk-number = «{ $value }» no és un nombre enter de GiB. Escriviu la mida del disc com un número, per exemple 2.
gui-vm-summary = Màquina virtual «{ $name }»: { $memory } MiB de memòria, un disc de { $disk } GiB en { $storage }.
gui-ha-what = Ara el gestor d'alta disponibilitat (HA) vigila la màquina virtual: amb l'estat demanat «started» la manté en marxa. Si falla en el seu node, s'hi torna a arrancar (les vegades de «max. restart»), després es mou a un altre node (les vegades de «max. relocate»); si es perd el node sencer, el clúster l'aïlla (fencing) i arranca la màquina en un altre node.
gui-ha-web = En la interfície web: Datacenter > HA > Resources > Add, trieu la màquina, Request state «started», Max. Restart i Max. Relocate 1, Add.
gui-ha-max-restart = Max. restart:
gui-ha-max-restart-field = Màxim de reinicis
gui-ha-max-relocate = Max. relocate:
gui-ha-max-relocate-field = Màxim de reubicacions
gui-ha-limits-help = Cadascun entre 0 i 10; el curs fa servir 1 i 1.
gui-ha-number = «{ $value }» no és un nombre enter. Escriviu un número entre 0 i 10.
gui-ha-vmid = MV:
gui-ha-vmid-field = ID de la MV
gui-ha-vmid-help = Buit: la MV del pas 6. O l'ID d'una altra MV del clúster (el número que precedix el seu nom en l'arbre de la interfície web), una que hàgeu creat vosaltres: abans es comprova, com qualsevol MV, si podria funcionar en un altre node.
gui-ha-vmid-number = «{ $value }» no és un ID de MV. Escriviu el número de la MV (100 o més), o deixeu el camp buit per a la MV del pas 6.
gui-ha-status = Estat de l'alta disponibilitat
gui-col-type = Tipus
gui-col-status = Estat
gui-failover-title = Recuperació davant fallades
gui-failover-what = Ara la prova amb què acaba el curs: apagueu el node on funciona la màquina virtual. Els altres nodes noten que ja no hi és, esperen fins que és segur que està apagat (aïllat) i arranquen la màquina en un altre node. Tarda de dos a tres minuts — fins a cinc — i el que la màquina tenia en memòria es perd: torna a arrancar des del seu disc.
gui-failover-web = En la interfície web: Datacenter > HA mostra els mateixos estats; amb nodes reals, apagueu el node amb el seu botó d'engegada (o desconnecteu-ne el cable de corrent).
gui-failover-watch = Vigila el clúster
gui-failover-watching = Vigilant els nodes i els serveis d'alta disponibilitat… { $seconds } s
gui-failover-stop = Deixa de vigilar
gui-failover-timeline = Què ha passat
gui-col-node = Node
gui-col-state = Estat
gui-col-services = Serveis HA
gui-col-power = Corrent
gui-power-off = Apaga
gui-power-on = Engega
gui-power-off-of = Apaga { $node }
gui-power-on-of = Engega { $node }
gui-power-failed = No es pot canviar l'estat de { $node }: { $detail }.
gui-power-no-lab = Des d'ací només es poden apagar els nodes del laboratori de pràctiques. Apagueu un node real amb el seu botó d'engegada.
gui-practice-iso-failed = No es pot fer la imatge ISO de pràctiques ({ $detail }). Comproveu que el directori temporal té espai lliure, o trieu un fitxer vostre.
gui-failover-no-service = cap servei HA
gui-failover-scaled = Este laboratori de pràctiques va { $scale } vegades més ràpid que uns nodes reals: en un clúster real, cada temps que es mostra ací dura { $scale } vegades més.
gui-cert-changed = El certificat de { $node } no és el que vau acceptar (acceptat { $pinned }, ara { $seen }). No se li ha enviat res. Si s'ha reinstal·lat el node, premeu «Torna a comprovar este certificat» en la seua fila i compareu l'empremta nova amb la seua interfície web (System > Certificates); si no, algú podria estar fent-se passar pel node.
gui-start-lab-two = Dos nodes sense NAS: replicació
gui-start-own-two = Els meus dos nodes de Proxmox: replicació
gui-replication-what = Sense NAS, cada node té els seus propis discos, i l'alta disponibilitat no pot moure la màquina virtual. El que proposa el curs: tindre el disc de la màquina en ZFS i copiar-lo a l'altre node periòdicament. Si es perd el node de la màquina, l'altre té el disc tal com estava en l'última còpia — com a molt es perd un interval de dades — i s'hi pot arrancar la màquina. Proxmox VE només replica discos ZFS.
gui-replication-web = En la interfície web: la màquina virtual > Replication > Add; Target: l'altre node; Schedule: */30; Create.
gui-replication-target = Node de destinació:
gui-replication-target-field = Node de destinació de la replicació
gui-replication-schedule = Planificació:
gui-replication-schedule-field = Planificació de la replicació
gui-replication-schedule-help = Un esdeveniment de calendari, com l'escriu Proxmox VE: */30 és cada 30 minuts (el que tria el curs), */15 cada quart d'hora, 22:30 cada nit.
gui-replication-summary = El disc de la màquina virtual es copiarà a { $target }, amb la planificació { $schedule }.

## El dibuix del clúster
gui-picture-title = El clúster
gui-picture-apart = { $count ->
        [one] Un node: encara no hi ha clúster.
       *[other] { $count } nodes separats: encara no hi ha clúster.
    }
gui-picture-cluster = Clúster { $cluster }: { $online } de { $total } { $total ->
        [one] vot
       *[other] vots
    } en línia, { $quorate ->
        [yes] amb quòrum
       *[no] sense quòrum
    }
gui-picture-node = Node { $node } ({ $address }): { $online ->
        [yes] en línia
       *[no] fora de línia
    }, { $member ->
        [yes] membre del clúster amb { $votes } { $votes ->
            [one] vot
           *[other] vots
        }
       *[no] en cap clúster
    }
gui-picture-node-state = { $online ->
        [yes] en línia
       *[no] fora de línia
    } · { $member ->
        [yes] { $votes } { $votes ->
            [one] vot
           *[other] vots
        }
       *[no] a banda
    }
gui-picture-vm = MV { $vmid }{ $named ->
        [yes] {" "}{ $name }
       *[no] {""}
    } en { $node }: { $running ->
        [yes] en marxa
       *[no] aturada
    }{ $ha ->
        [none] {""}
       *[other] , estat HA { $ha }
    }
gui-picture-vm-short = MV { $vmid }{ $ha ->
        [none] {""}
       *[other] {" "}· { $ha }
    }
gui-picture-nas = NAS { $server } com a emmagatzematge { $storage }, { $count ->
        [0] encara no el veu cap node
        [one] el veu 1 node: { $nodes }
       *[other] el veuen { $count } nodes: { $nodes }
    }
gui-picture-nas-short = { $storage } · { $count } de { $total } nodes
gui-picture-link = Enllaç entre { $from } i { $to }: { $up ->
        [yes] actiu
       *[no] caigut
    }
gui-timeline-clock = Temps en el rellotge d'este ordinador, des que es va començar a vigilar.
gui-timeline-lab-clock = Temps en el rellotge del laboratori de pràctiques, { $scale } vegades més ràpid que el d'este ordinador: el mateix que duraria en un clúster real.
