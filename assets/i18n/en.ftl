# pve-ha-wizard — English.
# Terms follow the Proxmox VE web UI in English.

## Command line
cli-about = From three freshly installed Proxmox VE nodes to a high-availability cluster, step by step. Companion of the course "Virtualització als centres educatius amb LliureX i Proxmox" (A. R. Vicente Boix, J. Estellés Dasi).
cli-about-lab = Start the practice lab: simulated Proxmox VE nodes on this computer, no hardware needed.
cli-about-run = Take the nodes of a plan to a quorate cluster, step by step.
cli-about-practice = Rehearse the course on a practice lab started just for it.
cli-about-upload = Upload one more ISO image to a cluster of a plan, with its checksum; prints its volume ID.
cli-about-watch = Watch a plan's cluster: nodes, where each HA service runs, every change with its time, and the time a failover took.
cli-about-fix-hosts = Map each node's name to its own address in its /etc/hosts, after showing the change.
hosts-fix-none = Every node's name is on its own address in its /etc/hosts: nothing to fix.
hosts-fix-shown = /etc/hosts of { $node } would change (System > Hosts in the web UI):
hosts-fix-removed = −  { $line }
hosts-fix-added = +  { $line }
hosts-fix-ask = Write it? Type y and Enter for yes, just Enter for no.
hosts-fix-written = /etc/hosts of { $node } is written; run step 1 again.
hosts-fix-left = /etc/hosts of { $node } is left as it was.
cli-about-join-info = Read or write the join information text of the web UI (Datacenter > Cluster > Join Information).
cli-about-window = With no command, it opens the desktop window: the same steps, one page each.
prompt-password = Password of { $user } on { $node }: 
prompt-totp = TOTP code (6 digits) of { $user } on { $node }: 

## Steps
step-connect = Step 0 · Connect to the nodes
step-hostnames = Step 1 · Check host names and preconditions
step-create-cluster = Step 2 · Create the cluster
step-join = Step 3 · Join the other nodes
step-storage = Step 4 · Add the NAS as shared storage
step-iso = Step 5 · Upload an ISO image
step-vm = Step 6 · Create a VM and start it
step-ha = Step 7 · Put the VM under high availability
step-replication = Step 9 · Replicate the VM's disk to the other node
status-done = Done.
status-already-done = Already done: nothing to change.

## Progress
connecting = Connecting to { $node }…
connected = Connected to { $node }: node { $name }, Proxmox VE { $version }.
still-connected = Still connected to { $node }: node { $name }.
cert-confirmed = The certificate of { $node } changed when it joined the cluster; { $by } confirms the new one ({ $fingerprint }). Trusted.
cert-not-known = { $node } is not in the list of trusted nodes yet: its certificate will be checked against the plan's fingerprint.
cert-known-changed = { $node } presents a certificate other than the one trusted before: it will be checked against the plan's fingerprint.
node-trusted = { $node } (node { $name }) is trusted from now on, with certificate { $fingerprint }.
creating-cluster = Creating cluster “{ $cluster }” on { $node } (Datacenter > Cluster > Create Cluster)…
cluster-created = Cluster “{ $cluster }” exists and has quorum.
join-information = Join information of cluster “{ $cluster }” (the same text as Datacenter > Cluster > Join Information > Copy Information):
joining = Joining { $node } to “{ $cluster }” through { $member }…
joined = { $node } is now a member of “{ $cluster }”.
half-joined-removing = { $node } is listed in “{ $cluster }” but never finished joining: it was switched off or lost its network halfway. { $first } removes the unfinished entry, and { $node } joins again.
check-half-joined-no-quorum = { $node } is listed in “{ $cluster }” but never finished joining, and without its vote { $first } has lost quorum: the cluster cannot change anything now.
fix-half-joined-no-quorum = Open the shell of { $first } (in the web interface: { $first } > Shell), run “pvecm expected 1”, then run this step again: the wizard removes the unfinished entry and joins the node again.
adding-storage = Adding storage “{ $id }”: NFS share { $server }:{ $export }, for disk images and ISO images, on every node (Datacenter > Storage > Add > NFS)…
storage-active = Storage “{ $id }” is active on every node: they all see the same disks and ISO images.
iso-hashing = Computing the checksum (SHA-256) of { $file } ({ $size } bytes), which the node will verify…
iso-checksum-published = { $file } goes with the SHA-256 published beside it: it is read once, checked as it is sent, and verified by the node.
iso-uploading = Uploading { $volid } through { $node } (node > { $storage } > ISO Images > Upload)…
iso-downloading = { $node } downloads { $url } as { $volid } (node > { $storage } > ISO Images > Download from URL)…
transfer-progress = { $percent } % · { $sent } of { $total } MB · { $rate } MB/s · { $seconds } s left
iso-stored = { $volid } is on { $storage }, shared by the nodes, and checked by its checksum: every node can use it.
iso-stored-local = { $volid } is on { $storage }, checked by its checksum. { $storage } is { $node }'s own disk: only a VM on { $node } can boot from it; for the others, put the image on shared storage (the NAS).
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
fix-duplicate-name = Give { $node } another name, { $free } for example: in its Shell (the node > Shell in the web UI) type  hostnamectl set-hostname { $free }  then  sed -i 's/\b{ $name }\b/{ $free }/g' /etc/hosts  then  reboot, and run this step again once it is back. Do it before creating the cluster: a member cannot be renamed.
check-hosts-ok = In /etc/hosts, { $name } points to { $address }, the node's own address.
check-hosts-loopback = In /etc/hosts of { $node }, “{ $name }” points to { $address }, a loopback address (the Debian default). The other nodes could not reach it.
check-hosts-other = In /etc/hosts of { $node }, “{ $name }” points to { $address }, which is not one of its addresses.
check-hosts-missing = /etc/hosts of { $node } does not mention “{ $name }”.
fix-hosts-line = On { $node } (Shell, or System > Hosts in the web UI), make the line for { $name } read: { $address } { $name }. Or let the wizard write it, after showing you the change: pve-ha-wizard fix-hosts --plan <your plan>.
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
check-ha-vm-unknown = The cluster has no VM { $vmid }. Its VMs are: { $vms }.
check-ha-vm-unknown-none = The cluster has no VM { $vmid }, nor any other VM yet.
fix-ha-vm-unknown = Give the ID of one of the cluster's VMs (in the web UI, the number before its name in the tree), or none for the VM of step 6; then apply the step again.
check-ha-ready = VM { $vmid } can also run on { $nodes }: its disks and CD image are on shared storage and it uses no device of its own node.
check-ha-local-disk = VM { $vmid } keeps { $volid } on a storage only { $node } has: no other node can reach that disk, so HA could not start the VM elsewhere.
fix-ha-local-disk = Move the disk to the NAS (VM { $vmid } > Hardware > the disk > Disk Action > Move Storage, target NAS), then run this step again.
check-ha-local-cdrom = VM { $vmid }'s CD drive holds { $volid }, which only { $node } has: the VM could not start on another node.
fix-ha-local-cdrom = Put an image from the NAS in the drive, or none (VM { $vmid } > Hardware > CD/DVD Drive > Edit, “Do not use any media”), then run this step again.
check-ha-local-resources = VM { $vmid } uses devices of { $node } itself ({ $resources }): another node does not have them.
fix-ha-local-resources = Remove them in VM { $vmid } > Hardware before putting the VM under HA (or map each device on every node, in Datacenter > Resource Mappings).
check-ha-storage-unavailable = { $node } may not use { $storages }, where VM { $vmid } has a drive: the VM could not run there.
fix-ha-storage-unavailable = In Datacenter > Storage > { $storages } > Edit, add { $node } to Nodes (or choose All nodes).
check-ha-few-votes = The cluster has { $votes } quorum votes: with fewer than three, the nodes left after one is lost have no quorum, and HA cannot start the VM anywhere.
fix-ha-few-votes = Join a third node (or add a QDevice, an outside vote) before counting on HA.
check-replication-zfs = { $drive } ({ $volid }) is on ZFS: it can be replicated.
check-replication-not-zfs = { $drive } ({ $volid }) is on { $storage }, of type { $kind }: Proxmox VE replicates only ZFS disks.
fix-replication-not-zfs = Replication is for two nodes without a NAS, with the VM's disk on ZFS (local-zfs, when the node was installed on ZFS). A disk on the NAS needs no copy: use high availability (step 7).
check-replication-target = { $target } cannot keep the copy: it must be another member of the cluster than { $node } (members: { $members }).
fix-replication-target = Write in [replication] target the name of another node of the cluster, not { $node }, where the VM already is.
check-nas-unreachable = The NAS { $server } does not answer as an NFS server ({ $message }).
fix-nas-unreachable = Check the NAS's address ({ $server }), that it is switched on and on the nodes' network, and that its NFS service is enabled.
check-iso-other-size = { $volid } is already there, but its size ({ $stored } bytes) differs from the file's ({ $size } bytes).
fix-iso-other-size = It will be replaced by the plan's file. If it is another image that happens to have the same name, rename your file first.
check-iso-no-room-tmp = { $node } has { $free } MB free on its root file system, and the image needs { $size } MB there: the node keeps an upload in /var/tmp until it is stored (and a copy on local is on the same disk).
fix-iso-no-room-tmp = Free space on { $node } (in the web UI: { $node } > local > ISO Images or Backups, remove what is no longer needed), or send the image through another node (“Through node” on the ISO page; [iso] node in a plan).
check-iso-no-room-storage = { $storage } has { $free } MB free, and the image needs { $size } MB.
fix-iso-no-room-storage = Free space on { $storage } (remove old ISO images or backups there), or choose another storage for the image ([iso] storage in the plan).
check-vmid-taken = VM ID { $vmid } already belongs to another VM (“{ $name }”).
fix-vmid-taken = Remove vmid from the plan's [vm] section (the next free ID is then used), or choose a free one.
check-vm-stopped = VM { $vmid } “{ $name }” exists but is stopped: it will be started.
check-vm-unfinished = VM { $vmid } on { $node } was left half-created (its creation was cut off, and it is still locked “create”): it is removed, with its disks, before the VM is created again.
vm-unfinished-removing = Removing the half-created VM { $vmid } from { $node }, with the disks it had been given…
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
err-connect = Cannot reach { $node }. Check that the node is switched on, that its network cable is plugged in, that its address and port (8006) are right, and that this computer is on the same network.
err-refused = { $node } is on, but nothing answers on its port 8006: Proxmox VE's web service (pveproxy) is not running there, or the port is wrong. On a node installed by hand on Debian this is most often because its cluster file system (pmxcfs) could not start: at the node's console, make /etc/hosts map its name to its own address (not to 127.0.1.1), then reboot it. There, `systemctl status pve-cluster pveproxy` says why.
err-cert-changed = The certificate of { $node } is not the one you trusted (trusted { $pinned }, now { $seen }). Nothing was sent to it. If you reinstalled the node, compare the new fingerprint with its web UI (System > Certificates) and update the plan; otherwise, someone may be impersonating the node.
err-cert-unconfirmed = The certificate of { $node } changed ({ $seen }) and no trusted member of the cluster confirms it. Nothing was sent to it. Compare the fingerprint with the node's web UI (System > Certificates).
err-timeout = { $node } did not answer in time. It may be busy, or switched off or unplugged: check that it is on and its cable is in, wait a moment and try again.
err-transport = The connection to { $node } broke while it worked on the request. The change may have been made: look at the node before retrying.
details-line = Details: { $details }
err-stalled = The transfer to { $node } stopped: nothing got through for { $seconds } seconds. Check that the node is switched on and that its network cable (and this computer's) is plugged in, then try again. Nothing half-sent is kept on its storage.
err-login-failed = { $node } refused the login of { $user }. Check the user (with its realm, such as root@pam) and the password.
err-totp = { $node } wants a TOTP code for { $user }. Enter the current 6-digit code of your authenticator app.
err-session = { $node } ended the session ({ $message }). Log in again.
err-forbidden = { $node } refused: { $message }. Log in as root@pam, or give the user the permission.
err-no-quorum = { $node } has no quorum ({ $message }): without a majority of the nodes online, the cluster accepts no change. Switch the missing nodes on and wait until they are back.
err-parameters = { $node } refused the request: { $message }
err-api = { $node } answered with an error ({ $status }): { $message }
err-decode = { $node } answered { $path } in an unexpected way ({ $detail }). Is it a Proxmox VE node, version 8 or 9?
err-task = The task on { $node } failed: { $message }
err-name-unresolved = { $node } cannot find its own address: its name '{ $name }' resolves only to a loopback address (127.0.1.1, Debian's default). At the node's console, edit /etc/hosts so that '{ $name }' maps to the node's own address, then try again.
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
err-iso-not-published = { $file } is not the image whose SHA-256 you gave: the download is damaged, or it is another image, or the SHA-256 was copied wrong. Download it again, or copy the SHA-256 again from where the image is published, and apply again. Nothing was kept on the node.
err-iso-changed = { $file } changed while it was sent, so nothing was kept on the node. Leave the file alone while it uploads, and apply again.
err-upload-mismatch = The file sent to { $node } did not have the SHA-256 it was sent with, so the upload was stopped before its end; the node keeps nothing.
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
err-ha-without-vm = High availability looks after a VM: add a [vm] section for the course's VM, or name one of the cluster's VMs with vmid = … in [ha]; or remove the [ha] section.
err-ha-limits = max_restart ({ $max_restart }) and max_relocate ({ $max_relocate }) go from 0 to 10; the course uses 1 and 1.
err-ha-node-name = "{ $node }" in [ha] nodes is not a node name: use each node's host name (for example pve1), as Datacenter shows it in the web UI.
err-iso-node-name = "{ $node }" is not a node name for sending the image through: use the node's host name (for example pve2), as Datacenter shows it in the web UI, or leave it empty for the first node.
err-ha-node-twice = "{ $node }" appears twice in [ha] nodes: list each node once.
err-plan = The plan { $file } cannot be used: { $detail }
err-joininfo-empty = Nothing was pasted. On the first node, open Datacenter > Cluster > Join Information, click Copy Information, and paste here.
err-joininfo-garbage = This is not join information. Copy it with the Copy Information button of Datacenter > Cluster > Join Information on a cluster member, and paste all of it.
err-joininfo-no-totem = This text has no cluster configuration (totem). Copy the join information of a node that is already in a cluster.
err-generate-docs = The man pages and completions could not be written to { $dir }: { $detail }
err-joininfo-address = The join information has no valid IP address of the member. Copy it again from the member's web UI.
err-joininfo-fingerprint = The join information has no valid fingerprint. Copy it again from the member's web UI.
err-missing-password = No password for { $user } on { $node }. Store it in the keychain, set PVE_PASSWORD, or run in a terminal to be asked.
err-preconditions = { $count ->
    [one] One problem must be fixed first (see above).
   *[other] { $count } problems must be fixed first (see above).
}
err-not-verified = The change on { $node } did not show when read back: { $what ->
        [node-name] the node's own name
        [certificate] the certificate you trusted
        [cluster] cluster { $name }, with quorum
        [join-information] the join information
        [quorum] quorum with every member
        [membership] the node, a member of the cluster with quorum
        [storage-active] storage { $storage }, active on every node
        [image] { $volid }, whole
        [vm] the VM { $name }
        [vm-running] VM { $vmid }, running
        [ha-placement] { $placement }, which keeps { $sid } on its nodes
        [ha-started] { $sid }, started by the HA manager
        [replication] the replication of VM { $vmid } to { $target }
        [replication-failed] replication { $job }, which fails: { $error }
        [replication-copy] the first copy of replication { $job }
       *[other] { $what }
    }. Look at the node's web UI, then run again.
err-out-of-order = { $needs ->
        [connect] Step 0 (connect to the nodes)
        [hostnames] Step 1 (check host names)
        [create-cluster] Step 2 (create the cluster)
        [join] Step 3 (join the other nodes)
        [storage] Step 4 (the NAS)
        [iso] Step 5 (the ISO image)
        [vm] Step 6 (the VM)
        [ha] Step 7 (high availability)
        [replication] Step 9 (replication)
       *[other] An earlier step
    } must be done first.
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

## Desktop window
gui-title = pve-ha-wizard · from three Proxmox VE nodes to a high-availability cluster
gui-no-window = The window cannot open ({ $detail }). The command line still works: see “pve-ha-wizard --help”.
gui-language = Language:
gui-details = Details
gui-steps = Steps
gui-start = Start
gui-status-todo = to do
gui-status-running = running…
gui-status-done = done
gui-status-already-done = already done
gui-status-failed = failed
gui-back = Back
gui-next = Next
gui-apply = Apply
gui-apply-again = Apply again
gui-hosts-fix = Fix /etc/hosts for me…
gui-hosts-write = Write it
gui-hosts-leave = Leave it
gui-cancel = Cancel
gui-running = Working… { $seconds } s
gui-running-lab = Working… { $seconds } s (the practice lab runs { $scale } times faster than real nodes)
gui-retry-hint = Fix what the message says, then press “Apply again”: the steps already done are not repeated.
gui-findings = What the check found
gui-fix = How to fix it: { $fix }
gui-progress = Progress
gui-task-log = Task log
gui-start-title = Welcome
gui-start-intro = This assistant takes three freshly installed Proxmox VE nodes to a cluster, step by step, as the unit “Cluster i Alta disponibilitat” of the course “Virtualització als centres educatius amb LliureX i Proxmox” (A. R. Vicente Boix, J. Estellés Dasi) does it by hand. Each step says what it does and what you would click in the Proxmox VE web UI to do the same.
gui-start-lab-help = No nodes at hand? The practice lab simulates three Proxmox VE nodes on this computer, each with its own address and certificate. Nothing outside this computer changes.
gui-start-lab = Practice lab
gui-lab-starting = Starting the practice lab…
gui-lab-speed = The practice lab's clock:
gui-lab-speed-real = Real time
gui-lab-speed-10 = ×10
gui-lab-speed-60 = ×60
gui-start-own-help = Your own nodes: three freshly installed Proxmox VE servers on the school network, and the root password of each.
gui-start-own = My Proxmox nodes
gui-connect-what = The wizard talks to each node over HTTPS, as your browser does with the web UI on port 8006. Each node has its own certificate, not signed by a known authority, so before sending any password the wizard shows the certificate's SHA-256 fingerprint for you to compare with the node itself: only then is the node trusted.
gui-connect-web = In the web UI: open https://ADDRESS:8006 in a browser, accept the certificate, and log in as root (realm “Linux PAM standard authentication”).
gui-hostnames-what = A cluster needs nodes with different names, each name pointing in /etc/hosts to the node's own address (not 127.0.1.1), the same version of Proxmox VE, clocks that agree, and nodes that join without virtual machines and in no other cluster. This step only reads: it changes nothing.
gui-hostnames-web = In the web UI: each node's System > Hosts and System > Time, and the Summary page with its version; a name is changed in /etc/hostname and /etc/hosts from the node's Shell.
gui-create-what = The first node creates the cluster: it becomes its first member, and the others will join it. The name cannot be changed afterwards.
gui-create-web = In the web UI of the first node: Datacenter > Cluster > Create Cluster, type the name, Create.
gui-join-what = The other nodes join the cluster with the first node's join information and its root password. A joined node gets a new certificate, signed by the cluster: the wizard trusts it only because the first node confirms it. At the end the cluster must have quorum, the majority of votes that lets it make changes.
gui-join-web = In the web UI: on the first node Datacenter > Cluster > Join Information > Copy Information; on each other node Datacenter > Cluster > Join Cluster, paste it, type the first node's root password, Join.
gui-lab-password = The practice lab's nodes accept root@pam with the lab's own password: the wizard supplies it.
gui-keychain-ok = Passwords you choose to remember are kept in this computer's keychain, never in a file.
gui-keychain-memory = No keychain can be used on this computer: passwords stay in memory only, until you close the window. They are never written to a file.
gui-keychain-memory-why = { $reason } Passwords stay in memory only, until you close the window; they are never written to a file.
gui-keychain-retry = Try the keychain again
keychain-no-bus = This session has no D-Bus session bus, so no keychain can be reached.
keychain-no-service = No keychain runs on this computer: neither KDE Wallet nor GNOME Keyring. On LliureX, turn KDE Wallet on in System Settings › KDE Wallet, then press “Try the keychain again”.
keychain-no-wallet-kwallet = KDE Wallet has no wallet yet (guest and student sessions have none). Open KDE Wallet Manager (kwalletmanager5), create a wallet called “kdewallet”, then press “Try the keychain again”.
keychain-no-wallet = The keychain has no default keyring (guest and student sessions have none). Create one in Passwords and Keys (seahorse), then press “Try the keychain again”.
keychain-locked-kwallet = Your KDE wallet stayed closed: its password was not given. Press “Try the keychain again” and type the wallet's password when KDE Wallet asks for it.
keychain-locked = The keychain stayed locked: its password was not given. Press “Try the keychain again” and type it when asked.
keychain-failed = The keychain refused: { $detail }
gui-node = Node { $number }
gui-address = Address
gui-address-of = Address of node { $number }
gui-user = User
gui-user-of = User of node { $number }
gui-password = Password
gui-password-of = Password of node { $number }
gui-remember = Remember in the keychain
gui-remember-of = Remember the password of node { $number } in the keychain
gui-forget = Forget the stored password
gui-forget-of = Forget the stored password of node { $number }
gui-remembered = The password of { $account } is stored in the keychain.
gui-forgotten = The password of { $account } is forgotten.
gui-profile-not-saved = Where you are cannot be saved for next time ({ $detail }).
gui-check-certificates = Check the certificates
gui-certificate-unchecked = Certificate not checked yet.
gui-probing = Fetching the certificate…
gui-fingerprint-known = { $node } is trusted already, with the certificate whose fingerprint is:
gui-fingerprint-seen = { $node } presents a certificate with this SHA-256 fingerprint:
gui-fingerprint-lab = The practice lab gives this fingerprint for the node: compare the two.
gui-fingerprint-compare = Compare it with the node itself before trusting it: in its web UI, System > Certificates (the pve-ssl.pem line), or on its console with the command “pvenode cert info”.
gui-trust = The fingerprints match: trust this certificate
gui-trust-of = Trust the certificate of node { $number }
gui-confirm-first = Check the certificates and confirm each fingerprint first.
gui-totp-asked = { $node } asks for a second factor: type the 6-digit code of your authenticator app, then apply again.
gui-totp-of = TOTP code of node { $number }
gui-nodes-table = The nodes
gui-col-name = Name
gui-col-address = Address
gui-col-version = Version
gui-col-guests = Guests
gui-col-cluster = Cluster
gui-col-clock = Clock
gui-clock-offset = { $seconds } s
gui-cluster-name = Cluster name:
gui-cluster-name-field = Cluster name
gui-cluster-name-ok = “{ $name }” is a valid cluster name.
gui-join-info-heading = Join information
gui-join-info-text = Join information text
gui-join-info-wait = It appears here when the step runs: the same text as the web UI's Copy Information.
gui-copy = Copy
gui-paste-heading = Check join information copied from Proxmox VE
gui-paste-help = Paste here the text of Copy Information from a cluster member's web UI to see what it holds.
gui-paste-field = Pasted join information
gui-paste-ok = Join information of cluster “{ $cluster }”, through { $address }, whose certificate has the fingerprint { $fingerprint }.
gui-quorum-yes = Cluster “{ $cluster }” has quorum: { $online } of { $total } members online.
gui-quorum-no = Cluster “{ $cluster }” has no quorum: { $online } of { $total } members online.
gui-member-online = online
gui-member-offline = offline
gui-recheck = Check this certificate again
gui-recheck-of = Check the certificate of node { $number } again
gui-missing-password = No password for { $user } on { $node }. Type it in the node's Password field, then apply again.
gui-storage-what = The NAS is a network file server. Added once, to the whole cluster (the datacenter), it is shared: every node sees the same files, so a VM whose disk is there can run on any node — the basis of high availability. The wizard asks the first node what the server exports, adds the share as storage “NAS” for disk images and ISO images, and checks that every node has it active.
gui-storage-web = In the web UI: Datacenter > Storage > Add > NFS; ID “NAS”, the server's address, pick the export, Content “Disk image, ISO image”, Nodes “All”, Add.
gui-storage-id = ID:
gui-storage-id-field = Storage ID
gui-storage-server = NFS server:
gui-storage-server-field = NFS server
gui-storage-scan = Scan for exports
gui-storage-export = Export:
gui-storage-export-field = Export
gui-storage-content = Content:
gui-storage-content-value = Disk image, ISO image
gui-storage-exports = The server exports (pick one):
gui-storage-no-exports = The server answers but exports nothing to this cluster. On the NAS, export a directory to the nodes' network, then scan again.
gui-iso-what = A VM starts from an installation image. The ISO file goes to the NAS, where every node can read it: uploaded from this computer (its SHA-256 checksum is sent along and checked by the node), or downloaded by the node itself from a web address. The course uses Tiny Core Linux, a 16 MB system that runs well in a small VM.
gui-iso-web = In the web UI: Datacenter > the node > NAS > ISO Images > Upload (or Download from URL), choose the file, Upload.
gui-iso-from-file = A file on this computer
gui-iso-from-url = Downloaded by the node from a web address
gui-iso-file = ISO file:
gui-iso-file-field = ISO file
gui-iso-choose = Choose a file…
gui-iso-pick-title = Choose an ISO image
gui-iso-pick-filter = ISO images
gui-iso-practice = Make a practice ISO image
gui-iso-url = URL:
gui-iso-url-field = ISO URL
gui-iso-sha256 = SHA-256:
gui-iso-sha256-field = SHA-256 checksum
gui-iso-sha256-help = The checksum is on the download page of the system (often in a file called SHA256SUMS). With it, the node refuses a damaged or different file.
gui-iso-sha256-file-help = Optional: the SHA-256 published on the system's download page (often in a file called SHA256SUMS). With it the file is read only once, and the node refuses a damaged or different file; without it, the wizard computes it first.
gui-iso-node = Through node:
gui-iso-node-field = Node that receives the image
gui-iso-node-help = Empty: the first node. Another node's name (pve2, say) when the first has no room in /var/tmp, where a node keeps an upload until it is stored.
gui-iso-volid = It will be stored as { $volid }.
gui-vm-what = A small virtual machine, its disk on the NAS and the ISO image in its CD drive, started at once. Its disk being on shared storage is what lets another node start it when its own node fails.
gui-vm-web = In the web UI: Create VM (top right); General: the name; OS: the ISO image from NAS; Disks: storage NAS, format qcow2; Memory; Network: vmbr0; Finish, then Start.
gui-vm-name = Name:
gui-vm-name-field = VM name
gui-vm-memory = Memory (MiB):
gui-vm-memory-field = Memory in MiB
gui-vm-disk = Disk (GiB):
gui-vm-disk-field = Disk size in GiB
gui-vm-memory-number = “{ $value }” is not a whole number of MiB. Type the memory as a number, such as 512.
gui-vm-disk-number = “{ $value }” is not a whole number of GiB. Type the disk size as a number, such as 2.
gui-vm-summary = VM “{ $name }”: { $memory } MiB of memory, a { $disk } GiB disk on { $storage }.
gui-ha-what = The HA manager now looks after the VM: with the requested state “started” it keeps it running. If it fails on its node it is restarted there (max. restart times), then moved to another node (max. relocate times); if the node itself is lost, the cluster fences it and starts the VM on another node.
gui-ha-web = In the web UI: Datacenter > HA > Resources > Add, pick the VM, Request state “started”, Max. Restart and Max. Relocate 1, Add.
gui-ha-max-restart = Max. restart:
gui-ha-max-restart-field = Max. restart
gui-ha-max-relocate = Max. relocate:
gui-ha-max-relocate-field = Max. relocate
gui-ha-limits-help = Each between 0 and 10; the course uses 1 and 1.
gui-ha-number = “{ $value }” is not a whole number. Type a number between 0 and 10.
gui-ha-vmid = VM:
gui-ha-vmid-field = VM ID
gui-ha-vmid-help = Empty: the VM of step 6. Or the ID of another of the cluster's VMs (the number before its name in the web UI's tree), one you made yourself: it is checked first, as every VM is, for whether it could run on another node.
gui-ha-vmid-number = “{ $value }” is not a VM ID. Type the VM's number (100 or more), or leave the field empty for the VM of step 6.
gui-ha-status = HA status
gui-col-type = Type
gui-col-status = Status
gui-failover-title = Failover
gui-failover-what = Now the test the course ends with: switch off the node the VM runs on. The other nodes notice it is gone, wait until it is surely off (fenced), and start the VM on another node. It takes two to three minutes — up to five — and what the VM had in memory is lost: it starts again from its disk.
gui-failover-web = In the web UI: Datacenter > HA shows the same states; with real nodes, switch the node off with its power button (or pull its power cable).
gui-failover-watch = Watch the cluster
gui-failover-watching = Watching the nodes and the HA services… { $seconds } s
gui-failover-stop = Stop watching
gui-failover-timeline = What happened
gui-col-node = Node
gui-col-state = State
gui-col-services = HA services
gui-col-power = Power
gui-power-off = Switch off
gui-power-on = Switch on
gui-power-off-of = Switch off { $node }
gui-power-on-of = Switch on { $node }
gui-power-failed = { $node } cannot be switched: { $detail }.
gui-power-no-lab = Only the practice lab's nodes can be switched off from here. Switch a real node off with its own power button.
gui-practice-iso-failed = The practice ISO image cannot be made ({ $detail }). Check that the temporary directory has free space, or choose a file of your own.
gui-failover-no-service = no HA service
gui-failover-scaled = This practice lab runs { $scale } times faster than real nodes: on a real cluster, every time shown here takes { $scale } times longer.
gui-cert-changed = The certificate of { $node } is not the one you trusted (trusted { $pinned }, now { $seen }). Nothing was sent to it. If the node was reinstalled, press “Check this certificate again” on its row and compare the new fingerprint with its web UI (System > Certificates); otherwise, someone may be impersonating the node.
gui-start-lab-two = Two nodes without a NAS: replication
gui-start-own-two = My two Proxmox nodes: replication
gui-replication-what = Without a NAS, each node keeps its own disks, so high availability cannot move the VM. What the course suggests instead: keep the VM's disk on ZFS and copy it to the other node on a schedule. If the VM's node is lost, the other holds the disk as it was at the last copy — at most one interval of data is lost — and the VM can be started there. Proxmox VE replicates only ZFS disks.
gui-replication-web = In the web UI: the VM > Replication > Add; Target: the other node; Schedule: */30; Create.
gui-replication-target = Target node:
gui-replication-target-field = Replication target node
gui-replication-schedule = Schedule:
gui-replication-schedule-field = Replication schedule
gui-replication-schedule-help = A calendar event, as Proxmox VE writes it: */30 is every 30 minutes (the course's choice), */15 every quarter of an hour, 22:30 every night.
gui-replication-summary = The VM's disk will be copied to { $target }, by the schedule { $schedule }.

## The picture of the cluster
gui-picture-title = The cluster
gui-picture-apart = { $count ->
        [one] One node: no cluster yet.
       *[other] { $count } separate nodes: no cluster yet.
    }
gui-picture-cluster = Cluster { $cluster }: { $online } of { $total } { $total ->
        [one] vote
       *[other] votes
    } online, { $quorate ->
        [yes] quorate
       *[no] no quorum
    }
gui-picture-node = Node { $node } ({ $address }): { $online ->
        [yes] online
       *[no] offline
    }, { $member ->
        [yes] member of the cluster with { $votes } { $votes ->
            [one] vote
           *[other] votes
        }
       *[no] in no cluster
    }
gui-picture-node-state = { $online ->
        [yes] online
       *[no] offline
    } · { $member ->
        [yes] { $votes } { $votes ->
            [one] vote
           *[other] votes
        }
       *[no] apart
    }
gui-picture-vm = VM { $vmid }{ $named ->
        [yes] {" "}{ $name }
       *[no] {""}
    } on { $node }: { $running ->
        [yes] running
       *[no] stopped
    }{ $ha ->
        [none] {""}
       *[other] , HA state { $ha }
    }
gui-picture-vm-short = VM { $vmid }{ $ha ->
        [none] {""}
       *[other] {" "}· { $ha }
    }
gui-picture-nas = NAS { $server } as storage { $storage }, { $count ->
        [0] seen by no node yet
        [one] seen by 1 node: { $nodes }
       *[other] seen by { $count } nodes: { $nodes }
    }
gui-picture-nas-short = { $storage } · { $count } of { $total } nodes
gui-picture-link = Link between { $from } and { $to }: { $up ->
        [yes] up
       *[no] down
    }
gui-timeline-clock = Times on this computer's clock, from the start of the watch.
gui-timeline-lab-clock = Times on the practice lab's clock, { $scale } times faster than this computer's: as long as on a real cluster.
