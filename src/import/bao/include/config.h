/* hvsafe's stand-in for Bao's <config.h>: only the macros a VM configuration uses, written for
 * hvsafe's importer (the C reader needs the initializers, not Bao's types or its image blobs). */
#ifndef HVSAFE_BAO_CONFIG_H
#define HVSAFE_BAO_CONFIG_H
#include <platform.h>
#define XSTR(s) STR(s)
#define STR(s) #s
/* The image blob is the guest's code: it has no isolation effect, so it expands to nothing. */
#define VM_IMAGE(img_name, img_path)
/* Used as `.load_addr = VM_IMAGE_OFFSET(name)`: it also carries the image's name to the importer. */
#define VM_IMAGE_OFFSET(img_name) 0, .hvsafe_image = #img_name
#define VM_IMAGE_SIZE(img_name) 0
/* The image's name becomes the VM's name in the scenario (Bao's VMs have none). */
#define VM_IMAGE_BUILTIN(img_name, image_base_addr) { .base_addr = image_base_addr, .hvsafe_image = #img_name, .separately_loaded = false }
#define VM_IMAGE_LOADED(image_base_addr, image_load_addr, image_size) { .base_addr = image_base_addr, .load_addr = image_load_addr, .size = image_size, .separately_loaded = true }
#define CONFIG_HEADER
#endif
