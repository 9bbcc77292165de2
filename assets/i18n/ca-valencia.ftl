# pve-ha-wizard — valencià.
# Termes del curs «Cluster i Alta disponibilitat»: clúster, node, emmagatzematge, alta disponibilitat.

## Línia d'ordres
cli-about = De tres nodes de Proxmox VE acabats d'instal·lar a un clúster d'alta disponibilitat, pas a pas. Acompanya el curs «Virtualització als centres educatius amb LliureX i Proxmox» (A. R. Vicente Boix, J. Estellés Dasi).
cli-about-lab = Engega el laboratori de pràctiques: nodes de Proxmox VE simulats en este ordinador, sense maquinari.
cli-about-run = Porta els nodes d'un pla fins a un clúster amb quòrum, pas a pas.
cli-about-practice = Assaja el curs en un laboratori de pràctiques engegat només per a això.
cli-about-upload = Puja una imatge ISO més a un clúster d'un pla, amb la seua suma de verificació; mostra el seu ID de volum.
cli-about-watch = Observa el clúster d'un pla: nodes, on funciona cada servei d'HA, cada canvi amb la seua hora i el que va tardar una commutació.
cli-about-join-info = Llig o escriu el text d'informació d'unió de la interfície web (Centre de dades > Clúster > Informació d'unió).
prompt-password = Contrasenya de { $user } en { $node }: 
prompt-totp = Codi TOTP (6 xifres) de { $user } en { $node }: 

## Passos
step-connect = Pas 0 · Connectar amb els nodes
step-hostnames = Pas 1 · Comprovar els noms dels nodes i els requisits
step-create-cluster = Pas 2 · Crear el clúster
step-join = Pas 3 · Unir els altres nodes
step-storage = Pas 4 · Afegir el NAS com a emmagatzematge compartit
step-iso = Pas 5 · Pujar una imatge ISO al NAS
step-vm = Pas 6 · Crear una MV en el NAS i arrancar-la
step-ha = Pas 7 · Posar la MV en alta disponibilitat
step-replication = Pas 9 · Replicar el disc de la MV a l'altre node
status-done = Fet.
status-already-done = Ja estava fet: no cal canviar res.

## Progrés
connecting = Connectant amb { $node }…
connected = Connectat amb { $node }: node { $name }, Proxmox VE { $version }.
cert-confirmed = El certificat de { $node } ha canviat en unir-se al clúster; { $by } confirma el nou ({ $fingerprint }). És de confiança.
cert-not-known = { $node } encara no és a la llista de nodes de confiança: es comprovarà el seu certificat amb l'empremta del pla.
cert-known-changed = { $node } presenta un certificat diferent del que es coneixia: es comprovarà amb l'empremta del pla.
node-trusted = { $node } (node { $name }) és de confiança a partir d'ara, amb el certificat { $fingerprint }.
creating-cluster = Creant el clúster «{ $cluster }» en { $node } (Centre de dades > Clúster > Crear clúster)…
cluster-created = El clúster «{ $cluster }» existeix i té quòrum.
join-information = Informació d'unió del clúster «{ $cluster }» (el mateix text que Centre de dades > Clúster > Informació d'unió > Copiar la informació):
joining = Unint { $node } a «{ $cluster }» a través de { $member }…
joined = { $node } ja és membre de «{ $cluster }».
adding-storage = S'està afegint l'emmagatzematge «{ $id }»: recurs NFS { $server }:{ $export }, per a imatges de disc i imatges ISO, en tots els nodes (Centre de dades > Emmagatzematge > Afegir > NFS)…
storage-active = L'emmagatzematge «{ $id }» està actiu en tots els nodes: tots veuen els mateixos discos i imatges ISO.
iso-hashing = S'està calculant la suma de verificació (SHA-256) de { $file } ({ $size } bytes), que el node comprovarà…
iso-uploading = S'està pujant { $volid } a través de { $node } (node > NAS > Imatges ISO > Pujar)…
iso-downloading = { $node } baixa { $url } com a { $volid } (node > NAS > Imatges ISO > Baixar des d'URL)…
transfer-progress = { $percent } % · { $sent } de { $total } MB · { $rate } MB/s · queden { $seconds } s
iso-stored = { $volid } és al NAS, comprovada per la seua suma: tots els nodes la poden usar.
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
fix-duplicate-name = Doneu un altre nom a { $node }: editeu-ne /etc/hostname i /etc/hosts (canvieu «{ $name }») i reinicieu-lo. Feu-ho abans de crear el clúster: un membre no es pot reanomenar.
check-hosts-ok = En /etc/hosts, { $name } apunta a { $address }, l'adreça del mateix node.
check-hosts-loopback = En /etc/hosts de { $node }, «{ $name }» apunta a { $address }, una adreça de bucle local (la predeterminada de Debian). Els altres nodes no el podrien trobar.
check-hosts-other = En /etc/hosts de { $node }, «{ $name }» apunta a { $address }, que no és cap de les seues adreces.
check-hosts-missing = El fitxer /etc/hosts de { $node } no menciona «{ $name }».
fix-hosts-line = En { $node } (Shell, o Sistema > Hosts a la interfície web), deixeu la línia de { $name } així: { $address } { $name }.
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
check-replication-zfs = { $drive } ({ $volid }) és en ZFS: es pot replicar.
check-replication-not-zfs = { $drive } ({ $volid }) és en { $storage }, de tipus { $kind }: Proxmox VE només replica discos de ZFS.
fix-replication-not-zfs = La replicació és per a dos nodes sense NAS, amb el disc de la MV en ZFS (local-zfs, si el node es va instal·lar sobre ZFS). Un disc en el NAS no necessita còpia: useu l'alta disponibilitat (pas 7).
check-replication-target = { $target } no pot guardar la còpia: ha de ser un altre membre del clúster que no siga { $node } (membres: { $members }).
fix-replication-target = Escriviu en [replication] target el nom d'un altre node del clúster, no el de { $node }, on ja és la MV.
check-nas-unreachable = El NAS { $server } no respon com a servidor NFS ({ $message }).
fix-nas-unreachable = Comproveu l'adreça del NAS ({ $server }), que està encés i en la xarxa dels nodes, i que té el servei NFS activat.
check-iso-other-size = { $volid } ja hi és, però la seua mida ({ $stored } bytes) no coincideix amb la del fitxer ({ $size } bytes).
fix-iso-other-size = Se substituirà pel fitxer del pla. Si és una altra imatge que per casualitat es diu igual, canvieu abans el nom del vostre fitxer.
check-vmid-taken = L'ID { $vmid } ja és d'una altra MV («{ $name }»).
fix-vmid-taken = Traieu vmid de la secció [vm] del pla (s'usarà el següent ID lliure), o trieu-ne un de lliure.
check-vm-stopped = La MV { $vmid } «{ $name }» existeix però està parada: s'arrancarà.
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
err-connect = No es pot arribar a { $node } ({ $detail }). Comproveu que el node està encés, que l'adreça i el port (8006) són correctes i que este ordinador és a la mateixa xarxa.
err-cert-changed = El certificat de { $node } no és el que vau acceptar (acceptat { $pinned }, ara { $seen }). No s'hi ha enviat res. Si heu reinstal·lat el node, compareu l'empremta nova amb la seua interfície web (Sistema > Certificats) i actualitzeu el pla; si no, algú podria estar fent-se passar pel node.
err-cert-unconfirmed = El certificat de { $node } ha canviat ({ $seen }) i cap membre de confiança del clúster no el confirma. No s'hi ha enviat res. Compareu l'empremta amb la interfície web del node (Sistema > Certificats).
err-timeout = { $node } no ha respost a temps { $method } { $path }. Pot ser que estiga ocupat: espereu un moment i torneu-ho a provar.
err-transport = La connexió amb { $node } s'ha tallat ({ $detail }). Pot ser que el canvi s'haja fet: comproveu-ho abans de tornar-ho a provar.
err-login-failed = { $node } no ha acceptat l'inici de sessió de { $user }. Comproveu l'usuari (amb el domini, com ara root@pam) i la contrasenya.
err-totp = { $node } demana un codi TOTP per a { $user }. Escriviu el codi de 6 xifres que mostra ara la vostra aplicació d'autenticació.
err-session = { $node } ha tancat la sessió ({ $message }). Torneu a iniciar la sessió.
err-forbidden = { $node } ho ha rebutjat: { $message }. Inicieu la sessió com a root@pam, o doneu el permís a l'usuari.
err-no-quorum = { $node } no té quòrum ({ $message }): sense la majoria dels nodes en línia, el clúster no accepta cap canvi. Enceneu els nodes que falten i espereu que tornen.
err-parameters = { $node } ha rebutjat la petició: { $message }
err-api = { $node } ha respost amb un error ({ $status }): { $message }
err-decode = { $node } ha respost { $path } d'una manera inesperada ({ $detail }). És un node de Proxmox VE, versió 8 o 9?
err-task = La tasca en { $node } ha fallat: { $message }
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
err-ha-without-vm = L'alta disponibilitat té cura de la MV del pla: afegiu una secció [vm], o traieu la secció [ha].
err-ha-limits = max_restart ({ $max_restart }) i max_relocate ({ $max_relocate }) van de 0 a 10; el curs usa 1 i 1.
err-ha-node-name = «{ $node }» de [ha] nodes no és un nom de node: useu el nom de host de cada node (per exemple pve1), tal com el mostra Centre de dades a l'interfície web.
err-ha-node-twice = «{ $node }» apareix dues vegades en [ha] nodes: poseu cada node una sola vegada.
err-plan = El pla { $file } no es pot fer servir: { $detail }
err-joininfo-empty = No s'ha apegat res. En el primer node, obriu Centre de dades > Clúster > Informació d'unió, feu clic a Copiar la informació i apegueu-la ací.
err-joininfo-garbage = Açò no és informació d'unió. Copieu-la amb el botó Copiar la informació de Centre de dades > Clúster > Informació d'unió en un membre del clúster, i apegueu-la sencera.
err-joininfo-no-totem = Este text no conté la configuració del clúster (totem). Copieu la informació d'unió d'un node que ja siga en un clúster.
err-joininfo-address = La informació d'unió no té cap adreça IP vàlida del membre. Torneu a copiar-la de la interfície web del membre.
err-joininfo-fingerprint = La informació d'unió no té cap empremta vàlida. Torneu a copiar-la de la interfície web del membre.
err-missing-password = No hi ha contrasenya per a { $user } en { $node }. Deseu-la al clauer, definiu PVE_PASSWORD o executeu-ho en un terminal perquè vos la demane.
err-preconditions = { $count ->
    [one] Primer cal resoldre un problema (vegeu-lo dalt).
   *[other] Primer cal resoldre { $count } problemes (vegeu-los dalt).
}
err-not-verified = El canvi en { $node } no es veu en tornar-lo a llegir ({ $what }). Mireu la interfície web del node i torneu a executar-ho.
err-out-of-order = Primer s'ha de fer el pas «{ $needs }».
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
