# pve-ha-wizard — English.
# Terms follow the Proxmox VE web UI in English.

## Command line
cli-about = From three freshly installed Proxmox VE nodes to a high-availability cluster, step by step. Companion of the course "Virtualització als centres educatius amb LliureX i Proxmox" (A. R. Vicente Boix, J. Estellés Dasi).
cli-about-lab = Start the practice lab: simulated Proxmox VE nodes on this computer, no hardware needed.
cli-about-run = Take the nodes of a plan to a quorate cluster, step by step.
cli-about-practice = Rehearse the course on a practice lab started just for it.
cli-about-upload = Upload one more ISO image to a cluster of a plan, with its checksum; prints its volume ID.
cli-about-watch = Watch a plan's cluster: nodes, where each HA service runs, every change with its time, and the time a failover took.
cli-about-join-info = Read or write the join information text of the web UI (Datacenter > Cluster > Join Information).
prompt-password = Password of { $user } on { $node }: 
prompt-totp = TOTP code (6 digits) of { $user } on { $node }: 

## Steps
step-connect = Step 0 · Connect to the nodes
step-hostnames = Step 1 · Check host names and preconditions
step-create-cluster = Step 2 · Create the cluster
step-join = Step 3 · Join the other nodes
step-storage = Step 4 · Add the NAS as shared storage
step-iso = Step 5 · Upload an ISO image to the NAS
step-vm = Step 6 · Create a VM on the NAS and start it
step-ha = Step 7 · Put the VM under high availability
step-replication = Step 9 · Replicate the VM's disk to the other node
status-done = Done.
status-already-done = Already done: nothing to change.

## Progress
connecting = Connecting to { $node }…
connected = Connected to { $node }: node { $name }, Proxmox VE { $version }.
cert-confirmed = The certificate of { $node } changed when it joined the cluster; { $by } confirms the new one ({ $fingerprint }). Trusted.
cert-not-known = { $node } is not in the list of trusted nodes yet: its certificate will be checked against the plan's fingerprint.
cert-known-changed = { $node } presents a certificate other than the one trusted before: it will be checked against the plan's fingerprint.
node-trusted = { $node } (node { $name }) is trusted from now on, with certificate { $fingerprint }.
creating-cluster = Creating cluster “{ $cluster }” on { $node } (Datacenter > Cluster > Create Cluster)…
cluster-created = Cluster “{ $cluster }” exists and has quorum.
join-information = Join information of cluster “{ $cluster }” (the same text as Datacenter > Cluster > Join Information > Copy Information):
joining = Joining { $node } to “{ $cluster }” through { $member }…
joined = { $node } is now a member of “{ $cluster }”.
adding-storage = Adding storage “{ $id }”: NFS share { $server }:{ $export }, for disk images and ISO images, on every node (Datacenter > Storage > Add > NFS)…
storage-active = Storage “{ $id }” is active on every node: they all see the same disks and ISO images.
iso-hashing = Computing the checksum (SHA-256) of { $file } ({ $size } bytes), which the node will verify…
iso-uploading = Uploading { $volid } through { $node } (node > NAS > ISO Images > Upload)…
iso-downloading = { $node } downloads { $url } as { $volid } (node > NAS > ISO Images > Download from URL)…
transfer-progress = { $percent } % · { $sent } of { $total } MB · { $rate } MB/s · { $seconds } s left
iso-stored = { $volid } is on the NAS, checked by its checksum: every node can use it.
vm-creating = Creating VM { $vmid } “{ $name }” on { $node }, its disk on { $storage } and the ISO image in its CD drive (Create VM)…
vm-starting = Starting VM { $vmid } on { $node }…
vm-running = VM { $vmid } “{ $name }” runs on { $node }.
ha-adding = Adding { $sid } to the HA manager: requested state started, { $max_restart } restart(s) on its node, then { $max_relocate } move(s) to another (Datacenter > HA > Resources > Add)…
ha-group-adding = Creating HA group { $group } with nodes { $nodes } (Datacenter > HA > Groups; Proxmox VE 8)…
ha-rule-adding = Creating node affinity rule { $rule } with nodes { $nodes } (Datacenter > HA > Affinity Rules; Proxmox VE 9)…
replication-adding = Creating replication job { $id } to { $target }, schedule { $schedule } (VM > Replication > Add)…
replication-waiting = Waiting for the first copy of { $id } ({ $node } looks every minute for jobs due)…
replication-synced = { $id }: the disk is on { $target } too, and will be copied again by { $schedule }. Should { $target } take over, at most one interval of data is lost.
ha-waiting = Waiting for the HA manager to take { $sid } (it looks every 10 seconds)…
ha-status-line = HA: { $line }
watch-node-up = node { $node } is online
watch-node-down = node { $node } is gone (switched off or unreachable)
watch-service = HA service { $sid }: { $state } on { $node }
watch-recovered = { $sid } runs again, on { $to }: { $seconds } s after { $from } was lost.
watch-start = Watching the cluster (Ctrl+C stops): nodes, HA services and every change, with its time.
quorate = Cluster “{ $cluster }” is quorate with { $members } members online.

## Checks
check-names-distinct = Every node has its own name: { $names }.
check-duplicate-name = { $first } and { $second } are both called “{ $name }”.
fix-duplicate-name = Give { $node } another name: edit /etc/hostname and /etc/hosts on it (replace “{ $name }”), then restart it. Do it before creating the cluster: a member cannot be renamed.
check-hosts-ok = In /etc/hosts, { $name } points to { $address }, the node's own address.
check-hosts-loopback = In /etc/hosts of { $node }, “{ $name }” points to { $address }, a loopback address (the Debian default). The other nodes could not reach it.
check-hosts-other = In /etc/hosts of { $node }, “{ $name }” points to { $address }, which is not one of its addresses.
check-hosts-missing = /etc/hosts of { $node } does not mention “{ $name }”.
fix-hosts-line = On { $node } (Shell, or System > Hosts in the web UI), make the line for { $name } read: { $address } { $name }.
check-versions-same = Every node runs the same major version of Proxmox VE ({ $version }).
check-version-mismatch = { $node } runs Proxmox VE { $version }, but { $first } runs { $first_version }.
fix-version-mismatch = Upgrade { $node } (or the others) so that every node runs the same major version, then check again.
check-joinable = No node is in another cluster, and the nodes that will join hold no virtual machines or containers.
check-in-other-cluster = { $node } already belongs to another cluster, “{ $cluster }”.
fix-in-other-cluster = Use a node that is in no cluster (a fresh install is simplest), or remove { $node } from its cluster first.
check-storage-taken = There is already a storage called “{ $id }”, with other settings than the plan's.
fix-storage-taken = Give the NAS another ID in the plan, or look at Datacenter > Storage > { $id } and remove it if nothing uses it.
check-storage-inactive = Storage “{ $id }” exists but is not active on { $nodes }.
fix-storage-inactive = Check that the NAS { $server } is switched on and that its NFS share allows the nodes' addresses.
check-nas-exports = The NAS { $server } shares { $export }.
check-nas-export-missing = The NAS { $server } does not share { $export }; it shares: { $offered }.
fix-nas-export-missing = Put one of the shared folders in the plan, or share that folder over NFS in the NAS's settings for the nodes' network.
check-ha-node-unknown = { $node }, in [ha] nodes, is not a member of the cluster (members: { $members }).
fix-ha-node-unknown = Write the nodes' names in [ha] nodes as Datacenter shows them, or remove the list so the VM may go to any node.
check-replication-zfs = { $drive } ({ $volid }) is on ZFS: it can be replicated.
check-replication-not-zfs = { $drive } ({ $volid }) is on { $storage }, of type { $kind }: Proxmox VE replicates only ZFS disks.
fix-replication-not-zfs = Replication is for two nodes without a NAS, with the VM's disk on ZFS (local-zfs, when the node was installed on ZFS). A disk on the NAS needs no copy: use high availability (step 7).
check-replication-target = { $target } cannot keep the copy: it must be another member of the cluster than { $node } (members: { $members }).
fix-replication-target = Write in [replication] target the name of another node of the cluster, not { $node }, where the VM already is.
check-nas-unreachable = The NAS { $server } does not answer as an NFS server ({ $message }).
fix-nas-unreachable = Check the NAS's address ({ $server }), that it is switched on and on the nodes' network, and that its NFS service is enabled.
check-iso-other-size = { $volid } is already there, but its size ({ $stored } bytes) differs from the file's ({ $size } bytes).
fix-iso-other-size = It will be replaced by the plan's file. If it is another image that happens to have the same name, rename your file first.
check-vmid-taken = VM ID { $vmid } already belongs to another VM (“{ $name }”).
fix-vmid-taken = Remove vmid from the plan's [vm] section (the next free ID is then used), or choose a free one.
check-vm-stopped = VM { $vmid } “{ $name }” exists but is stopped: it will be started.
check-guests = { $node } holds { $count ->
    [one] one virtual machine or container
   *[other] { $count } virtual machines or containers
}; a node that joins a cluster must hold none.
fix-guests = Back up the guests of { $node }, then move them to the first node or delete them, and check again.
check-clocks-agree = The nodes' clocks agree.
check-clock-skew = The clock of { $node } is { $seconds } seconds away from that of { $first }.
fix-clock-skew = Synchronise the clocks with NTP: on { $node }, check that chrony runs (System > Time in the web UI shows the time).
check-few-nodes = The plan has { $count } nodes. High availability needs at least three, so that a majority remains when one fails.
fix-few-nodes = Add a third node for high availability; with two nodes, the course proposes storage replication instead.

## Errors
err-invalid-address = “{ $address }” is not an IP address or host name. Write only the address, such as 192.168.1.11, without https:// or a port.
err-connect = Cannot reach { $node } ({ $detail }). Check that the node is on, that its address and port (8006) are right, and that this computer is on the same network.
err-cert-changed = The certificate of { $node } is not the one you trusted (trusted { $pinned }, now { $seen }). Nothing was sent to it. If you reinstalled the node, compare the new fingerprint with its web UI (System > Certificates) and update the plan; otherwise, someone may be impersonating the node.
err-cert-unconfirmed = The certificate of { $node } changed ({ $seen }) and no trusted member of the cluster confirms it. Nothing was sent to it. Compare the fingerprint with the node's web UI (System > Certificates).
err-timeout = { $node } did not answer { $method } { $path } in time. It may be busy: wait a moment and try again.
err-transport = The connection to { $node } broke ({ $detail }). The change may have been made: check before retrying.
err-login-failed = { $node } refused the login of { $user }. Check the user (with its realm, such as root@pam) and the password.
err-totp = { $node } wants a TOTP code for { $user }. Enter the current 6-digit code of your authenticator app.
err-session = { $node } ended the session ({ $message }). Log in again.
err-forbidden = { $node } refused: { $message }. Log in as root@pam, or give the user the permission.
err-no-quorum = { $node } has no quorum ({ $message }): without a majority of the nodes online, the cluster accepts no change. Switch the missing nodes on and wait until they are back.
err-parameters = { $node } refused the request: { $message }
err-api = { $node } answered with an error ({ $status }): { $message }
err-decode = { $node } answered { $path } in an unexpected way ({ $detail }). Is it a Proxmox VE node, version 8 or 9?
err-task = The task on { $node } failed: { $message }
err-task-timeout = The task on { $node } is still running after { $seconds } seconds. Look at its log in the web UI (Tasks at the bottom).
err-cancelled = Cancelled. What was already sent may still finish on the node.
err-cluster-name = “{ $name }” cannot be a cluster name. Use 1 to 15 letters, digits or hyphens, starting and ending with a letter or digit (for example “escola”). It cannot be changed later.
err-duplicate-address = { $address } is in the plan twice. List each node once.
err-fingerprint = “{ $text }” is not a certificate fingerprint. Copy it from the node's web UI (System > Certificates): 32 pairs of hex digits separated by colons.
err-user = “{ $user }” is not a user. Write it with its realm, such as root@pam.
err-too-few-nodes = A cluster needs at least two nodes, and high availability three; the plan has { $count }.
err-storage-id = “{ $id }” cannot be a storage ID: use a letter first, then letters, digits, “-”, “_” or “.”, and end with a letter or digit (for example NAS).
err-storage-export = “{ $export }” is not a shared folder: write the NAS's exported path as it is, starting with “/” (for example /mnt/pool/proxmox).
err-iso-file = { $file } is not an ISO image that can be read. Check the path in the plan (relative to the plan's folder) and that the name ends in .iso or .img.
err-iso-without-storage = An ISO image goes to the NAS: add a [storage] section to the plan, or remove the [iso] section.
err-iso-url = “{ $url }” is not the web address of an ISO image: it starts with http:// or https:// and ends in the image's name (.iso or .img).
err-checksum = “{ $checksum }” is not a SHA-256 checksum: 64 hexadecimal digits, as the download page gives it.
err-iso-source = The [iso] section names either a file (file = …) or a web address (url = …), one of the two.
err-vm-name = “{ $name }” cannot be a VM name: use letters, digits and hyphens (dots between parts), without spaces.
err-vm-memory = { $memory } MiB is not a usable amount of memory for a VM: give at least 16 MiB (512 is plenty for a small Linux).
err-vm-disk = { $disk } GiB is not a usable disk size: give at least 1 GiB.
err-vm-id = { $vmid } is not a VM ID: IDs go from 100 to 999999999 (or leave vmid out).
err-vm-without-storage = The VM's disk goes to the NAS: add a [storage] section to the plan, give the [vm] a storage of its own (storage = "local-zfs"), or remove the [vm] section.
err-replication-without-vm = Replication copies the disk of the plan's VM: add a [vm] section, or remove the [replication] section.
err-replication-on-nas = The VM's disk goes to the NAS { $storage }, and replication only copies ZFS disks between two nodes without a NAS. With a NAS, use high availability ([ha]); without one, put the disk on ZFS with storage = "local-zfs" in the [vm] section and remove the [storage] section.
err-replication-target = "{ $target }" in [replication] target is not a node name: use the host name of the node that keeps the copy (for example pve2).
err-replication-schedule = "{ $schedule }" is not a schedule Proxmox VE understands ({ $detail }). Use, for example, */30 (every 30 minutes), */15, hourly or 22:30.
err-ha-without-vm = High availability looks after the plan's VM: add a [vm] section, or remove the [ha] section.
err-ha-limits = max_restart ({ $max_restart }) and max_relocate ({ $max_relocate }) go from 0 to 10; the course uses 1 and 1.
err-ha-node-name = "{ $node }" in [ha] nodes is not a node name: use each node's host name (for example pve1), as Datacenter shows it in the web UI.
err-ha-node-twice = "{ $node }" appears twice in [ha] nodes: list each node once.
err-plan = The plan { $file } cannot be used: { $detail }
err-joininfo-empty = Nothing was pasted. On the first node, open Datacenter > Cluster > Join Information, click Copy Information, and paste here.
err-joininfo-garbage = This is not join information. Copy it with the Copy Information button of Datacenter > Cluster > Join Information on a cluster member, and paste all of it.
err-joininfo-no-totem = This text has no cluster configuration (totem). Copy the join information of a node that is already in a cluster.
err-joininfo-address = The join information has no valid IP address of the member. Copy it again from the member's web UI.
err-joininfo-fingerprint = The join information has no valid fingerprint. Copy it again from the member's web UI.
err-missing-password = No password for { $user } on { $node }. Store it in the keychain, set PVE_PASSWORD, or run in a terminal to be asked.
err-preconditions = { $count ->
    [one] One problem must be fixed first (see above).
   *[other] { $count } problems must be fixed first (see above).
}
err-not-verified = The change on { $node } did not show when read back ({ $what }). Look at the node's web UI, then run again.
err-out-of-order = Step “{ $needs }” must run first.
err-unknown-node = There is no node called “{ $name }” among the plan's nodes. Use the name the node has in the web UI (pve1, pve2 …).
err-known-nodes-read = The list of trusted nodes { $path } cannot be read ({ $detail }). Correct it or delete it: the wizard will check the certificates against the plan's fingerprints again.
err-known-nodes-write = The list of trusted nodes { $path } cannot be saved ({ $detail }). Check that the folder exists and that you can write to it.
err-runtime = Internal error: { $detail }
err-stdin = Cannot read standard input: { $detail }
err-lab = The practice lab cannot start: { $detail }
err-scenario = Unknown scenario “{ $name }”. Known: { $known }.

## Practice lab
lab-ready = Practice lab ready: { $nodes } simulated Proxmox VE nodes.
lab-nas = NAS (NFS server): { $server }, exporting { $exports }
lab-control = Control panel (switch nodes off and on, unplug their network): { $url }, with the header “Authorization: Bearer { $token }”
lab-login = Log in as { $user } with password { $password }.
lab-totp = Second factor: TOTP secret { $secret } (add it to an authenticator app).
lab-plan-written = Plan written to { $file }: run it with “pve-ha-wizard run --plan { $file }”.
lab-stop-hint = Press Ctrl+C to stop the lab.
