# SPDX-License-Identifier: MIT
# Replacement for the protocol-by-name lookup loop in SoftEther 5.01 ProtoHandleConnection()
# (Debian vpnserver 5.01.9674, sha256 487e51a7...): 64 bytes at file offset/vaddr 0x3a00f.
# Upstream bug (fixed upstream in 5611156c, SoftEther 5.02): the loop matched the name but read
# container->Impl with container still NULL; GCC turned the match into "return false".
# This loop sets container = tmp on a name match and jumps to 0x3a0a9, where the original code
# uses the container (rax). Registers: r15 = proto, rbp = protocol name, rbx = socket (kept);
# r12/r13/r14 are callee-saved and not yet live here. Assembled by patch-vpnserver.sh --asm-check:
#   as --64 -o l.o proto-lookup.S && ld -Ttext=0x3a00f -e _start -o l.elf l.o
# PROTO->Containers at +0x08; LIST num_item at +0x08, p at +0x10; PROTO_CONTAINER Name at +0x00.
	.set StrCmp, 0x16bbd0
	.set use_container, 0x3a0a9
	.set return_false, 0x3a050
	.text
	.globl _start
_start:
	mov	0x8(%r15), %r13
	xor	%r12d, %r12d
	test	%r13, %r13
	je	2f
1:	cmp	0x8(%r13), %r12d
	jae	2f
	mov	0x10(%r13), %rax
	mov	(%rax,%r12,8), %r14
	mov	(%r14), %rdi
	mov	%rbp, %rsi
	call	StrCmp
	test	%eax, %eax
	je	3f
	add	$1, %r12d
	jmp	1b
3:	mov	%r14, %rax
	jmp	use_container
2:	jmp	return_false
